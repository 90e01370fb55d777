import { test, expect, Locator, Page } from '@playwright/test';

/*
 * The Logs tab of a demo service on the real local clusters, as the guest
 * (storefront team): every pod has lines of its own, merged in time order on
 * each cluster; levels are coloured; labels sit above their values; the
 * fields view shows JSON fields as columns and filters on a clicked value.
 * Read-only, so it can run next to the console's rollback test.
 */

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

interface ShownLine {
  /** The `dateTime` of the line's time element. */
  time: string;
  pod: string;
  /** The line without its time and pod. */
  text: string;
  level: string | null;
}

/** The raw view's lines as shown, top to bottom. */
function shownLines(log: Locator): Promise<ShownLine[]> {
  return log.locator(':scope > div').evaluateAll(rows =>
    rows.map(row => {
      const time = row.querySelector('time');
      const pod = row.querySelector('span');
      const text = Array.from(row.childNodes)
        .filter(node => node !== time && node !== pod)
        .map(node => node.textContent)
        .join('');
      return {
        time: time?.getAttribute('datetime') ?? '',
        pod: pod?.textContent ?? '',
        text,
        level: row.getAttribute('data-level'),
      };
    }),
  );
}

/** RFC 3339 as a string that sorts in time order (nine fraction digits, UTC). */
function timeKey(timestamp: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(
    timestamp,
  );
  if (!match) throw new Error(`not a UTC RFC 3339 time: ${timestamp}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/** Time order across every shown line; lines of two pods with their own content. */
async function expectOrderedDistinctPods(log: Locator) {
  let lines: ShownLine[] = [];
  await expect(async () => {
    lines = await shownLines(log);
    expect(new Set(lines.map(l => l.pod)).size).toBeGreaterThanOrEqual(2);
  }).toPass({ timeout: 30_000 });
  const keys = lines.map(l => timeKey(l.time));
  expect(keys).toEqual([...keys].sort());
  // Pods used to share one file: each line appeared once per pod. Now no
  // line of one pod is also a line of another.
  const podsOfText = new Map<string, Set<string>>();
  for (const line of lines) {
    const pods = podsOfText.get(line.text) ?? new Set();
    pods.add(line.pod);
    podsOfText.set(line.text, pods);
  }
  const shared = [...podsOfText.values()].filter(pods => pods.size > 1);
  expect(shared).toEqual([]);
  return lines;
}

test('logs in time order with distinct pods, coloured by level, with a fields view', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/shop-api/logs');
  const devLog = page.getByRole('log', { name: 'Logs of shop-api on dev' });
  await expect(devLog).toBeVisible();

  // Labels stay above their values, also where the value is empty.
  for (const name of ['Container', 'Since']) {
    const select = page.getByLabel(name, { exact: true });
    await expect(select).toHaveValue('');
    const id = await select.getAttribute('id');
    const labelBox = await page.locator(`label[for="${id}"]`).boundingBox();
    const selectBox = await select.boundingBox();
    expect(labelBox!.y + labelBox!.height).toBeLessThanOrEqual(
      selectBox!.y + 1,
    );
  }

  await page.getByLabel('Tail', { exact: true }).selectOption('500');
  await expectOrderedDistinctPods(devLog);
  // Followed lines keep the order too.
  const before = (await shownLines(devLog)).length;
  await expect(async () => {
    expect((await shownLines(devLog)).length).toBeGreaterThan(before + 3);
  }).toPass({ timeout: 30_000 });
  await expectOrderedDistinctPods(devLog);

  // Levels: failed requests (5xx, frequent in shop-api 1.2.0) are errors,
  // coloured unlike the info lines.
  const infoRow = devLog.locator(':scope > div[data-level="info"]').first();
  const loudRow = devLog
    .locator(
      ':scope > div[data-level="error"], :scope > div[data-level="warn"]',
    )
    .first();
  await expect(loudRow).toBeVisible();
  const colour = (row: Locator) =>
    row.evaluate(element => getComputedStyle(element).color);
  expect(await colour(loudRow)).not.toBe(await colour(infoRow));
  await page.screenshot({
    path: 'e2e-test-report/screenshots/logs-raw.png',
    fullPage: true,
  });

  // The fields view: JSON fields as columns; a clicked value filters.
  // Paused, so that the rows hold still while they are read and clicked.
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Fields' }).click();
  const table = devLog.getByRole('table', { name: 'Log lines by field' });
  // 500 lines a pod: more than the table lays out.
  await expect(table.getByText(/^The newest 500 of \d+ lines/)).toBeVisible();
  const headers = await table.getByRole('columnheader').allInnerTexts();
  expect(headers.slice(0, 4)).toEqual(['time', 'pod', 'level', 'message']);
  for (const field of ['method', 'path', 'status', 'duration_ms']) {
    expect(headers).toContain(field);
  }
  const pathColumn = headers.indexOf('path');
  const rows = table.locator('tbody tr');
  const total = await rows.count();
  const path = rows.first().locator('td').nth(pathColumn).getByRole('button');
  const value = await path.innerText();
  await path.click();
  await expect(page.getByText(`path=${value}`, { exact: true })).toBeVisible();
  await expect(page.getByText(/^\d+ of \d+ lines$/)).toBeVisible();
  const paths = await rows.evaluateAll(
    (trs, column) => trs.map(tr => tr.children[column]?.textContent),
    pathColumn,
  );
  expect(paths.length).toBeGreaterThan(0);
  expect(paths.length).toBeLessThan(total);
  expect(new Set(paths)).toEqual(new Set([value]));
  await page.screenshot({
    path: 'e2e-test-report/screenshots/logs-fields-filtered.png',
    fullPage: true,
  });
  // The chip's delete icon, named by its SVG title.
  await page.getByRole('img', { name: `Remove filter path=${value}` }).click();
  await expect(page.getByText(`path=${value}`, { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Raw' }).click();
  await page.getByRole('button', { name: /^Resume/ }).click();

  // The previous containers' runs ended in a fatal line: red.
  await page.getByRole('checkbox', { name: 'Previous containers' }).click();
  const fatal = devLog
    .locator(':scope > div[data-level="error"]')
    .filter({ hasText: 'out of memory' })
    .first();
  await expect(fatal).toBeVisible();
  await page.getByRole('checkbox', { name: 'Previous containers' }).click();

  // prod runs more pods of shop-api: the same holds there.
  await page.getByLabel('Cluster', { exact: true }).selectOption('prod');
  const prodLog = page.getByRole('log', { name: 'Logs of shop-api on prod' });
  await expect(prodLog).toBeVisible();
  await expectOrderedDistinctPods(prodLog);
});
