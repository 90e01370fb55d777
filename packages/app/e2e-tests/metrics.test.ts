import { test, expect, Locator, Page } from '@playwright/test';

/*
 * The demo's bad release on the real local clusters, as the guest
 * (storefront team): shop-api 1.2.0 answers ~6 % of requests with 5xx and
 * has a p95 near half a second, where 1.1.0 before it had well under 1 %
 * and about a fifth of one (packages/devcluster/seed: the release's
 * annotations; Prometheus holds the days of history before it). The
 * comparison shows as a red chip on the Metrics tab, the Releases tab, the
 * application page and in the rollback dialog, and as shaded windows on the
 * error-rate chart; release markers never overlap; counts have whole-number
 * axes. Read-only (the rollback dialog is cancelled), so it can run next to
 * the console's rollback test, which rolls shop-web, not shop-api.
 */

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

/** The numbers a comparison chip shows, in percent and milliseconds. */
interface ChipNumbers {
  errors: [number, number];
  p95: [number, number];
}

const NUMBERS =
  /errors ([\d.]+) % vs ([\d.]+) % · p95 ([\d.]+) (m?s) vs ([\d.]+) (m?s)/;

function chipNumbers(text: string): ChipNumbers {
  const m = NUMBERS.exec(text);
  if (!m) throw new Error(`not a comparison with numbers: ${text}`);
  const ms = (value: string, unit: string) =>
    Number(value) * (unit === 's' ? 1000 : 1);
  return {
    errors: [Number(m[1]), Number(m[2])],
    p95: [ms(m[3], m[4]), ms(m[5], m[6])],
  };
}

/** 1.2.0 against 1.1.0 as the demo makes them: clearly worse on both. */
function expectBadRelease(numbers: ChipNumbers) {
  const [errorsNow, errorsBefore] = numbers.errors;
  expect(errorsNow).toBeGreaterThan(4);
  expect(errorsNow).toBeLessThan(8);
  expect(errorsBefore).toBeLessThan(1);
  const [p95Now, p95Before] = numbers.p95;
  expect(p95Now).toBeGreaterThan(400);
  expect(p95Now).toBeLessThan(700);
  expect(p95Before).toBeLessThan(250);
}

/** A chip is red: its border, in Chromium's own cascade. */
async function expectRed(chip: Locator) {
  await expect(chip).toHaveAttribute('data-tone', 'error');
  const [r, g, b] = (
    await chip.evaluate(el => getComputedStyle(el).borderTopColor)
  )
    .match(/\d+/g)!
    .map(Number);
  expect(r).toBeGreaterThan(150);
  expect(g).toBeLessThan(100);
  expect(b).toBeLessThan(100);
}

/** No two marker labels of a chart share a pixel. */
async function expectMarkersApart(chart: Locator) {
  const boxes = await chart.getByTestId('release-marker').evaluateAll(labels =>
    labels.map(l => {
      const { left, right } = l.getBoundingClientRect();
      return { left, right, text: l.textContent ?? '' };
    }),
  );
  const sorted = [...boxes].sort((a, b) => a.left - b.left);
  for (let i = 1; i < sorted.length; i++) {
    expect(
      sorted[i].left,
      `${sorted[i].text} overlaps ${sorted[i - 1].text}`,
    ).toBeGreaterThanOrEqual(sorted[i - 1].right);
  }
  return sorted.map(b => b.text);
}

test('the bad release visible as a chip and on the chart', async ({ page }) => {
  // Four pages, each loaded in full (the development portal's bundle is
  // large), and comparisons that each ask Prometheus over days.
  test.setTimeout(300_000);
  await signIn(page, '/catalog/default/component/shop-api/metrics');
  await expect(page.getByLabel('Cluster')).toHaveValue('dev');

  // The chip beside the controls: current revision against the one before.
  const metricsChip = page
    .locator('.MuiChip-root')
    .filter({ hasText: /^worse: r\d+ vs r\d+: errors/ });
  await expect(metricsChip).toBeVisible({ timeout: 60_000 });
  const text = await metricsChip.innerText();
  const [, current, before] = /r(\d+) vs r(\d+)/.exec(text)!.map(Number);
  expect(current).toBeGreaterThan(before);
  expectBadRelease(chipNumbers(text));
  await expectRed(metricsChip);

  // A week shows both measured windows on the error-rate chart, the
  // judged (later) one red, each named with its value in the legend.
  await page.getByLabel('Range').selectOption('7d');
  const errors = page.getByRole('figure', { name: 'Error rate (5xx)' });
  const bands = errors.locator('.recharts-reference-area');
  await expect(bands).toHaveCount(2, { timeout: 60_000 });
  const label = (revision: number) =>
    errors
      .getByTestId('band-legend')
      .locator(':scope > span')
      .filter({ hasText: new RegExp(`^r${revision} · `) });
  await expect(label(before)).toHaveCount(1);
  await expect(label(current)).toHaveCount(1);
  const percent = async (legendItem: Locator) =>
    Number(/([\d.]+) %/.exec((await legendItem.textContent()) ?? '')![1]);
  expect(await percent(label(current))).toBeGreaterThan(4);
  expect(await percent(label(before))).toBeLessThan(1);
  const beforeBox = (await label(before).boundingBox())!;
  const currentBox = (await label(current).boundingBox())!;
  expect(beforeBox.x + beforeBox.width).toBeLessThanOrEqual(currentBox.x);
  // The band and the chip share the theme's error colour; the earlier
  // window is not red.
  const red = await metricsChip.evaluate(el => getComputedStyle(el).color);
  const fills = await bands.evaluateAll(areas =>
    areas
      .map(area => {
        const shape = area.querySelector('path, rect')!;
        const probe = document.createElement('span');
        probe.style.color = shape.getAttribute('fill') ?? '';
        document.body.append(probe);
        const rgb = getComputedStyle(probe).color;
        probe.remove();
        return { x: shape.getBoundingClientRect().x, rgb };
      })
      .sort((a, b) => a.x - b.x)
      .map(band => band.rgb),
  );
  expect(fills[1]).toBe(red);
  expect(fills[0]).not.toBe(red);

  // The week has a line, not "No data", from before the bad release on.
  await expect(errors).not.toContainText('No data in this range');
  await expect(errors.locator('.recharts-line path').first()).toBeVisible();

  // The releases of the week each have a label, none over another.
  const labels = await expectMarkersApart(errors);
  expect(labels.join(' ')).toContain(`r${current}`);
  await expect(errors.getByTestId('release-marker').first()).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/metrics-bad-release-7d.png',
    fullPage: true,
  });

  // Counts read as whole numbers on their axes.
  for (const title of ['Container restarts (past hour)', 'Pods']) {
    const ticks = await page
      .getByRole('figure', { name: title })
      // The Y axis's tick labels (right-aligned; the X axis's are centred).
      .locator('text.recharts-cartesian-axis-tick-value[text-anchor="end"]')
      .allTextContents();
    expect(ticks.length, `${title} has an axis`).toBeGreaterThan(0);
    for (const tick of ticks) expect(tick, title).toMatch(/^-?\d+$/);
  }

  // The Releases tab marks the current revision with the same chip.
  await page.goto('/catalog/default/component/shop-api/releases');
  const table = page
    .getByRole('region', { name: 'Deployment storefront/shop-api on dev' })
    .getByRole('table', { name: 'Revisions of shop-api on dev' });
  const currentRow = table.getByRole('row').filter({ hasText: 'current' });
  await expect(currentRow.getByRole('cell').first()).toHaveText(
    String(current),
  );
  const releasesChip = currentRow
    .locator('.MuiChip-root')
    .filter({ hasText: /^worse: errors/ });
  await expect(releasesChip).toBeVisible({ timeout: 60_000 });
  expectBadRelease(chipNumbers(await releasesChip.innerText()));
  await expectRed(releasesChip);

  // The rollback dialog says how the revision to restore served against
  // what runs now: the bad release is the "after" here, so not red.
  await page
    .getByRole('region', { name: 'Deployment storefront/shop-api on dev' })
    .getByRole('button', { name: 'Roll back' })
    .click();
  const dialog = page.getByRole('dialog', {
    name: 'Roll back shop-api on dev',
  });
  await expect(dialog.getByLabel('Revision to restore')).toHaveValue(
    String(before),
  );
  await expect(
    dialog.getByText(
      `Revision ${before} while it ran, against revision ${current} now:`,
    ),
  ).toBeVisible();
  const dialogChip = dialog
    .locator('.MuiChip-root')
    .filter({ hasText: /^better: errors/ });
  await expect(dialogChip).toBeVisible({ timeout: 60_000 });
  const restored = chipNumbers(await dialogChip.innerText());
  expectBadRelease({
    errors: [restored.errors[1], restored.errors[0]],
    p95: [restored.p95[1], restored.p95[0]],
  });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/metrics-rollback-dialog-comparison.png',
  });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The application page shows it in shop-api's dev cell.
  await page.goto('/catalog/default/system/shop/application');
  const services = page.getByRole('table', {
    name: 'Services of shop per cluster',
  });
  const devCell = services
    .getByRole('row', { name: /^shop-api/ })
    .getByRole('cell')
    .nth(2);
  const applicationChip = devCell
    .locator('.MuiChip-root')
    .filter({ hasText: /^worse: errors/ });
  await expect(applicationChip).toBeVisible({ timeout: 60_000 });
  expectBadRelease(chipNumbers(await applicationChip.innerText()));
  await expectRed(applicationChip);
  await page.screenshot({
    path: 'e2e-test-report/screenshots/metrics-application-chip.png',
    fullPage: true,
  });
});
