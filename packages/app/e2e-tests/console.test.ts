import { test, expect, Page } from '@playwright/test';

/*
 * One-click rollback on the real local clusters: the guest (storefront team) rolls
 * shop-web back on the dev cluster and sees the restored template become the current
 * revision. Each run restores the revision before the current one, so it can repeat.
 */

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

test('rolls a demo service back and sees the new revision become current', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/component/shop-web/releases');
  const dev = page.getByRole('region', {
    name: 'Deployment storefront/shop-web on dev',
  });
  const table = dev.getByRole('table', {
    name: 'Revisions of shop-web on dev',
  });
  const currentRow = table.getByRole('row').filter({ hasText: 'current' });
  await expect(currentRow).toHaveCount(1);
  const before = Number(await currentRow.getByRole('cell').first().innerText());

  await dev.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Roll back shop-web on dev',
  });
  await expect(dialog).toBeVisible();
  const target = dialog.getByLabel('Revision to restore');
  const targetText = await target.locator('option:checked').innerText();
  const image = /registry\.paasport\.dev\/\S+/.exec(targetText)![0];

  await dialog.getByLabel('Reason').fill('e2e: restore the previous release');
  await dialog
    .getByRole('button', { name: /^Roll back to revision \d+$/ })
    .click();
  await expect(dialog.getByText(/Rolled back: revision \d+/)).toBeVisible({
    timeout: 90_000,
  });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/console-rollback-dialog.png',
  });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The restored template is a new revision (max + 1), now current.
  await expect(async () => {
    const row = table.getByRole('row').filter({ hasText: 'current' });
    const revision = Number(await row.getByRole('cell').first().innerText());
    expect(revision).toBeGreaterThan(before);
    await expect(row).toContainText(image);
  }).toPass({ timeout: 60_000 });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/console-releases-after-rollback.png',
    fullPage: true,
  });
});

test('shows which release runs on which cluster for an application', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/system/shop/releases');
  const matrix = page.getByRole('table', { name: 'Releases per cluster' });
  await expect(matrix).toBeVisible();
  await expect(matrix).toContainText('shop-worker');
  // prod keeps shop-worker on 1.1.0 while dev runs a newer one: drift is marked.
  await expect(matrix.getByText('drift').first()).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/console-fleet-matrix.png',
    fullPage: true,
  });
});
