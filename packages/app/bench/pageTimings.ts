/* eslint-disable no-console */
/*
 * Page timings of the portal as a person meets them, in real Chromium:
 *
 * - full load: navigation to a component's Releases tab until its first
 *   revision row shows, in a fresh browser context (empty HTTP cache, the
 *   signed-in session restored), and again with a warm cache (reload);
 * - tab change: from the component's Overview to its first Releases row;
 * - the JavaScript transferred on a cold full load.
 *
 * Prints each sample and the medians. Run against a running portal:
 *   PAASPORT_URL=http://localhost:7100 yarn workspace app bench:pages
 * (`./paasport production` serves the production build on :7100;
 * `./paasport start` the development build on :3000.)
 */
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../e2e-tests/chromium';

const base = process.env.PAASPORT_URL ?? 'http://localhost:7100';
const component = process.env.PAASPORT_COMPONENT ?? 'shop-api';
const samples = Number(process.env.PAASPORT_SAMPLES ?? 5);
const releasesPath = `/catalog/default/component/${component}/releases`;
const overviewPath = `/catalog/default/component/${component}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function firstReleasesRow(page: Page) {
  return page
    .getByRole('table', { name: new RegExp(`^Revisions of ${component} on `) })
    .first()
    .getByRole('row')
    .nth(1);
}

async function signedInContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${base}${releasesPath}`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await firstReleasesRow(page).waitFor({ timeout: 120_000 });
  await page.close();
  return context;
}

/** Milliseconds from asking for the page to its first Releases row. */
async function timeFullLoad(page: Page): Promise<number> {
  const started = Date.now();
  await page.goto(`${base}${releasesPath}`, { waitUntil: 'commit' });
  await firstReleasesRow(page).waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

async function scriptBytes(page: Page): Promise<number> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter(e => e.initiatorType === 'script' || e.name.endsWith('.js'))
      .reduce((sum, e) => sum + e.transferSize, 0),
  );
}

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumFlags,
  });
  try {
    const signedIn = await signedInContext(browser);
    const state = await signedIn.storageState();
    await signedIn.close();

    // Cold: a new context each time has an empty HTTP cache.
    const cold: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i <= samples; i++) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        storageState: state,
      });
      const page = await context.newPage();
      const ms = await timeFullLoad(page);
      if (i > 0) {
        cold.push(ms);
        bytes.push(await scriptBytes(page));
      }
      await context.close();
    }

    // Warm: the same context, so scripts come from the HTTP cache.
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      storageState: state,
    });
    const page = await context.newPage();
    const warm: number[] = [];
    for (let i = 0; i <= samples; i++) {
      const ms = await timeFullLoad(page);
      if (i > 0) warm.push(ms);
    }

    // Tab change: Overview → Releases inside the app.
    const tabs: number[] = [];
    // The entity page's tabs are links in its content navigation.
    const contentNav = page.getByRole('navigation', {
      name: 'Content navigation',
    });
    for (let i = 0; i <= samples; i++) {
      await page.goto(`${base}${overviewPath}`);
      await contentNav
        .getByRole('link', { name: 'Overview', exact: true })
        .waitFor();
      await page.getByText('About').first().waitFor();
      const started = Date.now();
      await contentNav
        .getByRole('link', { name: 'Releases', exact: true })
        .click();
      await firstReleasesRow(page).waitFor({ timeout: 60_000 });
      if (i > 0) tabs.push(Date.now() - started);
    }
    await context.close();

    const line = (name: string, values: number[], unit = 'ms') =>
      console.log(
        `${name.padEnd(34)} median ${String(median(values)).padStart(
          8,
        )} ${unit}   samples ${values.join(', ')}`,
      );
    console.log(
      `portal ${base}, component ${component}, ${samples} samples after one warm-up`,
    );
    line('full load, cold cache', cold);
    line('full load, warm cache', warm);
    line('tab change Overview → Releases', tabs);
    line(
      'JavaScript transferred, cold load',
      bytes.map(b => Math.round(b / 1024)),
      'KiB',
    );
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
