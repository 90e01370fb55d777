import { test, expect } from '@playwright/test';
import { secretKeys } from './clusters';

/*
 * Self-service middleware end to end: the guest (storefront team) requests
 * shared Redis for the shop-api component, watches it become ready, sees the
 * binding's Secret delivered into the team's namespace on the dev cluster (and
 * checks it there with kubectl), then deprovisions it and sees the Secret go.
 * Each run uses a fresh instance name, so it can repeat.
 */

test('requests Redis for a demo service, sees it become ready and its Secret delivered', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `e2e-cache-${Date.now().toString(36)}`;
  const secretName = `${name}-shop-api`;

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Marketplace' }).click();

  const redisPlans = page.getByRole('table', { name: 'Plans of Redis' });
  await expect(redisPlans).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Plans of MySQL' }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Plans of Kafka' }),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/marketplace-offerings.png',
    fullPage: true,
  });
  await redisPlans
    .getByRole('button', { name: 'Request Redis Small (shared)' })
    .click();

  // Step 1: for shop-api (its application is shop), delivered on dev.
  const first = page.getByRole('group', { name: 'Application and name' });
  await first.getByLabel('Application or component').fill('shop-api');
  await page.getByRole('option', { name: 'shop-api' }).click();
  await expect(
    first.getByText(
      'The instance will belong to the application system:default/shop.',
    ),
  ).toBeVisible();
  await first.getByLabel('Instance name').fill(name);
  await expect(first.getByLabel('Binding name')).toHaveValue('shop-api');
  await first.getByRole('button', { name: /Cluster/ }).click();
  await page.getByRole('option', { name: 'dev', exact: true }).click();
  await first.getByRole('button', { name: 'Next' }).click();
  // Step 2: the shared Redis plan takes no parameters.
  const parameters = page.getByRole('group', { name: 'Parameters' });
  await expect(
    parameters.getByText('This plan takes no parameters.'),
  ).toBeVisible();
  await parameters.getByRole('button', { name: 'Next' }).click();
  // Step 3: review, with the team's quota.
  const review = page.getByRole('group', { name: 'Review' });
  await expect(
    review.getByText(/Team storefront uses \d+ of \d+ instances/),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/marketplace-wizard-review.png',
    fullPage: true,
  });
  await review.getByRole('button', { name: 'Request', exact: true }).click();

  // The instance page follows it live until ready and the Secret is delivered.
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const bindings = page.getByRole('table', { name: `Bindings of ${name}` });
  const binding = bindings.getByRole('row').filter({ hasText: 'shop-api' });
  await expect(binding).toContainText('Ready', { timeout: 180_000 });
  await expect(binding).not.toContainText('Not yet');
  await expect(binding).toContainText(`storefront/${secretName}`);
  const connection = page.getByRole('region', { name: 'Connection details' });
  await expect(connection).toContainText(`storefront/${secretName}`);
  await page.screenshot({
    path: 'e2e-test-report/screenshots/marketplace-instance-ready.png',
    fullPage: true,
  });

  // The Secret really is in the team's namespace, with the conventional keys.
  expect(secretKeys('dev', 'storefront', secretName)).toEqual(
    expect.arrayContaining(['host', 'password', 'port', 'uri', 'username']),
  );

  // The history tells how it got there.
  const history = page.getByRole('table', { name: `History of ${name}` });
  await expect(history).toContainText('Provisioning → Ready');

  // The service's Middleware tab lists the instance and where its Secret is.
  await page.goto('/catalog/default/component/shop-api/middleware');
  const middleware = page.getByRole('table', {
    name: 'Middleware of shop-api',
  });
  const listed = middleware.getByRole('row').filter({ hasText: name });
  await expect(listed).toContainText(`dev: storefront/${secretName}`);
  await page.screenshot({
    path: 'e2e-test-report/screenshots/marketplace-middleware-tab.png',
    fullPage: true,
  });
  await listed.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Clean up through the UI: forced deprovision revokes the binding too.
  await page.getByRole('button', { name: 'Deprovision' }).click();
  const dialog = page.getByRole('dialog', { name: `Deprovision ${name}` });
  await dialog.getByLabel('Revoke the bindings too (force)').check();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await dialog.getByRole('button', { name: 'Deprovision' }).click();
  await expect(history).toContainText('Deprovisioning → Deleted', {
    timeout: 180_000,
  });
  await expect
    .poll(() => secretKeys('dev', 'storefront', secretName), {
      timeout: 60_000,
    })
    .toBeUndefined();
});
