/* eslint-disable no-console */
/*
 * Page timings of the portal as a person meets them, in real Chromium:
 *
 * Times are taken inside the page: a MutationObserver (installed before the
 * app's scripts run) notes `performance.now()` when the first revision row
 * enters the DOM, so a figure is navigation start → row, or click → row,
 * without the test driver's polling interval in it.
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

/**
 * Notes in `window.__paasportRowAt` when the first revision row of the
 * component appears, and in `window.__paasportClickAt` when a Releases tab
 * link is clicked (both `performance.now()`).
 */
function installRowClock(name: string) {
  const w = window as any;
  const selector = `table[aria-label^="Revisions of ${name} on "] tbody tr`;
  const check = () => {
    if (w.__paasportRowAt === undefined && document.querySelector(selector)) {
      w.__paasportRowAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
  });
  document.addEventListener(
    'click',
    event => {
      const link = (event.target as Element | null)?.closest?.('a');
      if (link?.textContent?.trim() === 'Releases') {
        w.__paasportRowAt = undefined;
        w.__paasportClickAt = performance.now();
      }
    },
    true,
  );
}

async function rowAt(page: Page): Promise<number> {
  await firstReleasesRow(page).waitFor({ timeout: 60_000 });
  return page.evaluate(() => (window as any).__paasportRowAt as number);
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

/** Milliseconds from navigation start to the page's first Releases row. */
async function timeFullLoad(page: Page): Promise<number> {
  await page.goto(`${base}${releasesPath}`, { waitUntil: 'commit' });
  return Math.round(await rowAt(page));
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
      await context.addInitScript(installRowClock, component);
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
    await context.addInitScript(installRowClock, component);
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
      await contentNav
        .getByRole('link', { name: 'Releases', exact: true })
        .click();
      const row = await rowAt(page);
      const click = await page.evaluate(
        () => (window as any).__paasportClickAt as number,
      );
      if (i > 0) tabs.push(Math.round(row - click));
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
