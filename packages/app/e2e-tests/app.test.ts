import { test, expect } from '@playwright/test';

test('a guest signs in and finds the demo applications in the catalog', async ({
  page,
}) => {
  await page.goto('/');

  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Paasport' })).toBeVisible();

  // The catalog is the landing page and starts on what the guest's team owns.
  await expect(
    page.getByRole('link', { name: 'shop-web', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'payments-ledger', exact: true }),
  ).toHaveCount(0);
  await page.getByText('All', { exact: true }).click();
  await expect(
    page.getByRole('link', { name: 'payments-ledger', exact: true }),
  ).toBeVisible();

  await page.getByRole('link', { name: 'shop-api', exact: true }).click();
  await expect(
    page.getByText('Catalogue, cart and checkout API'),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'shop' }).first()).toBeVisible();

  await page.screenshot({
    path: 'e2e-test-report/screenshots/catalog-shop-api.png',
    fullPage: true,
  });
});

test('the Paasport home page lists what a developer can do', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Paasport' })
    .click();
  await expect(page.getByText('Middleware marketplace')).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/paasport-home.png',
  });
});
