import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import { chromiumFlags, chromiumPath } from './packages/app/e2e-tests/chromium';

/**
 * Browser tests run in Debian's Chromium: Playwright's own browser download
 * cannot work on machines without internet access. They run on the portal as
 * production runs it: the built bundle, two backend replicas on PostgreSQL
 * behind nginx on :7100. `./paasport test` starts it first; run standalone,
 * Playwright builds and starts it itself.
 */
export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  webServer: process.env.PAASPORT_PORTAL_RUNNING
    ? []
    : [
        {
          command:
            'PAASPORT_REPLICAS=2 PAASPORT_EXTRA_CONFIGS=packages/app/e2e-tests/app-config.e2e.yaml ./paasport production',
          url: 'http://localhost:7100/.backstage/health/v1/readiness',
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
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7100',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumFlags,
    },
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: generateProjects(),
});
