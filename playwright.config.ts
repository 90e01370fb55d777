import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * Browser tests run in Debian's Chromium: Playwright's own browser download
 * cannot work on machines without internet access. `./paasport test` starts
 * the portal first; run standalone, Playwright starts it itself.
 */
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  webServer: process.env.PAASPORT_PORTAL_RUNNING
    ? []
    : [
        {
          command: './paasport start',
          url: 'http://localhost:3000',
          reuseExistingServer: true,
          timeout: 600_000,
        },
      ],
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  use: {
    actionTimeout: 0,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PAASPORT_CHROMIUM ?? '/usr/bin/chromium',
      args: chromiumFlags,
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: generateProjects(),
});
