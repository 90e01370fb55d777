import { test, expect } from '@playwright/test';

test('a guest signs in and finds the demo applications in the catalog', async ({
  page,
}) => {
  await page.goto('/');

  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Home', exact: true }),
  ).toBeVisible();
  await nav.getByRole('link', { name: 'Catalog', exact: true }).click();

  // The catalog starts on what the guest's team owns.
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

test("the home page shows the guest's team's services, health and error rates, and where to start", async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  // The landing page after sign-in is the home page.
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  // The guest is in storefront: its services on both clusters, with health,
  // release and error rate; payments' services are not here.
  const services = page.getByRole('table', {
    name: 'Services of storefront per cluster',
  });
  await expect(services).toBeVisible();
  for (const name of ['shop-api', 'shop-web', 'shop-worker']) {
    await expect(
      services.getByRole('link', { name, exact: true }),
    ).toBeVisible();
  }
  await expect(services.getByText('payments-api')).toHaveCount(0);
  await expect(
    services.getByRole('columnheader', { name: 'dev' }),
  ).toBeVisible();
  await expect(
    services.getByRole('columnheader', { name: 'prod' }),
  ).toBeVisible();
  // shop-api and shop-web serve traffic: their error rate is shown.
  await expect(services.getByText(/^errors \d+(\.\d)? %/).first()).toBeVisible({
    timeout: 60_000,
  });

  // shop-api 1.2.0 is the demo's bad release (about 6 % errors): it needs
  // attention.
  const attention = page.getByRole('list', { name: 'Needs attention' });
  await expect(
    attention.getByRole('link', { name: 'shop-api' }).first(),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    attention.getByText(/% of requests fail \(1\.2\.0\)/).first(),
  ).toBeVisible();

  // Where a developer starts, and the middleware card with what to do.
  await expect(
    page.getByRole('button', { name: 'Create a service' }),
  ).toHaveAttribute('href', '/create');
  await expect(
    page.getByRole('button', { name: 'Request middleware' }),
  ).toHaveAttribute('href', '/marketplace');
  await expect(page.getByText('Middleware requests')).toBeVisible();

  await page.screenshot({
    path: 'e2e-test-report/screenshots/home.png',
    fullPage: true,
  });

  // A Component's overview leads with the same status card.
  await services.getByRole('link', { name: 'shop-api', exact: true }).click();
  const card = page.getByRole('table', {
    name: 'Services of shop-api per cluster',
  });
  await expect(card).toBeVisible();
  await expect(card.getByText(/^errors \d+(\.\d)? %/).first()).toBeVisible({
    timeout: 60_000,
  });
});
