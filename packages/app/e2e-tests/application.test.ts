import { test, expect, Page } from '@playwright/test';

/*
 * The application page of the demo System shop on the real local clusters:
 * its services with health and the release each cluster runs, what they
 * depend on (as a table and as the catalog graph), owners and links.
 * Read-only, so it can run next to the console's rollback test.
 */

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

test('the application page of shop shows its services per cluster and their dependencies', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/system/shop/application');

  const services = page.getByRole('table', {
    name: 'Services of shop per cluster',
  });
  await expect(services).toBeVisible();
  await expect(services.getByRole('columnheader')).toHaveText([
    'Service',
    'Type',
    'dev',
    'prod',
  ]);
  for (const name of ['shop-api', 'shop-web', 'shop-worker']) {
    const row = services.getByRole('row', { name: new RegExp(`^${name}`) });
    await expect(row).toBeVisible();
    // Every demo service runs on both clusters with all its pods ready
    // (the console's rollback test may be rolling shop-web out meanwhile).
    for (const cell of [2, 3]) {
      await expect(row.getByRole('cell').nth(cell)).toContainText(
        /\d+\/\d+ ready/,
      );
    }
  }
  // prod keeps shop-worker one release behind dev (packages/devcluster/seed).
  const worker = services.getByRole('row', { name: /^shop-worker/ });
  await expect(worker.getByRole('cell').nth(2)).toContainText('1.2.0');
  await expect(worker.getByRole('cell').nth(3)).toContainText('1.1.0');
  await expect(worker.getByRole('cell').nth(3)).toContainText('healthy');

  const about = page.getByLabel('About shop');
  await expect(about).toContainText(
    'The online shop, its API and background jobs',
  );
  await expect(about.getByRole('link', { name: 'storefront' })).toBeVisible();

  const dependencies = page.getByRole('table', {
    name: 'Dependencies of shop',
  });
  await expect(
    dependencies
      .getByRole('row', { name: /^shop-api/ })
      .getByRole('link', { name: 'payments-api' }),
  ).toBeVisible();
  await expect(
    dependencies
      .getByRole('row', { name: /^shop-web/ })
      .getByRole('link', { name: 'shop-api' }),
  ).toBeVisible();

  // The catalog graph draws the System, its parts and what they depend on.
  const graph = page.locator('svg').filter({ hasText: 'payments-api' });
  await expect(graph.first()).toBeVisible();
  await expect(graph.first()).toContainText('shop-worker');

  await page.screenshot({
    path: 'e2e-test-report/screenshots/application-shop.png',
    fullPage: true,
  });

  // A service links to its own page.
  await services.getByRole('link', { name: 'shop-api' }).click();
  await expect(
    page.getByText('Catalogue, cart and checkout API'),
  ).toBeVisible();
});

test('decommissioning the demo application shop is refused before anything is removed', async ({
  page,
}) => {
  await signIn(page, '/catalog/default/system/shop');
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Decommission' }).click();

  const dialog = page.getByRole('dialog', { name: 'Decommission shop' });
  await expect(dialog).toBeVisible();
  // shop is declared in catalog/all.yaml, an app-config location: the
  // preview says so, naming the owning team and no server path, and nothing
  // can be started.
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText(
    "from a catalog file of the portal's own configuration, which platform admins maintain",
    { timeout: 60_000 },
  );
  await expect(alert).toContainText('(owned by group:default/storefront)');
  await expect(alert).not.toContainText('file:');
  await expect(
    dialog.getByRole('table', { name: 'What decommissioning shop removes' }),
  ).toContainText('Deployment storefront/shop-web on dev');
  await expect(dialog.getByLabel('Type shop to confirm')).toBeDisabled();
  await expect(
    dialog.getByRole('button', { name: 'Decommission shop' }),
  ).toBeDisabled();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/decommission-shop-blocked.png',
    fullPage: true,
  });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
