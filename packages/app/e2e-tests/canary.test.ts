import { test, expect, Page } from '@playwright/test';
import { kubectl } from './clusters';

/*
 * A canary release from the Releases tab on the real local clusters: the
 * guest (storefront team) starts a canary of shop-worker on dev, sees it run
 * behind the same Service (target and actual weight, pods per track), pauses
 * and resumes it, aborts it, and finds it in the history. The stable
 * Deployment is never changed, so the test can repeat.
 */

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

/** The stable Deployment's pod template, as the cluster's admin reads it. */
function stableTemplate() {
  return kubectl('dev', [
    '-n',
    'storefront',
    'get',
    'deployment',
    'shop-worker',
    '-o',
    'jsonpath={.spec.template}',
  ]);
}

function canaryDeployments() {
  return kubectl('dev', [
    '-n',
    'storefront',
    'get',
    'deployments',
    '-l',
    'paasport.io/track=canary',
    '-o',
    'name',
  ]).trim();
}

test('starts a canary from the Releases tab, pauses, resumes and aborts it, and keeps its history', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const before = stableTemplate();
  await signIn(page, '/catalog/default/component/shop-worker/releases');
  const dev = page.getByRole('region', {
    name: 'Deployment storefront/shop-worker on dev',
  });
  await dev.getByRole('button', { name: 'Start canary' }).click();

  const dialog = page.getByRole('dialog', {
    name: 'Start a canary of shop-worker on dev',
  });
  await expect(dialog).toBeVisible();
  const image = dialog.getByLabel(/^Image of /).first();
  const current = await image.inputValue();
  expect(current).toMatch(/^registry\.paasport\.dev\/.+:\S+$/);
  await image.fill(current.replace(/:[^:/]+$/, ':9.9.9-canary'));
  await dialog.getByLabel('Reason').fill('e2e: try 9.9.9 on a share of pods');
  await dialog.getByRole('button', { name: 'Start the canary' }).click();

  const panel = page.getByRole('region', {
    name: 'Canary of shop-worker on dev',
  });
  await expect(panel).toBeVisible({ timeout: 30_000 });
  // The first step runs one pod of the two (never 0 on either side) and
  // the weight in effect is read from the Service's endpoints.
  await expect(panel).toContainText('stable 1/1 ready · canary 1/1 ready', {
    timeout: 90_000,
  });
  await expect(panel).toContainText('10 % target · 50 % in effect');
  await page.screenshot({
    path: 'e2e-test-report/screenshots/canary-running.png',
    fullPage: true,
  });

  await panel.getByRole('button', { name: 'Pause' }).click();
  await page
    .getByRole('dialog', { name: 'Pause the canary of shop-worker on dev' })
    .getByRole('button', { name: 'Pause the canary' })
    .click();
  await expect(panel).toContainText('paused');
  await panel.getByRole('button', { name: 'Resume' }).click();
  await page
    .getByRole('dialog', { name: 'Resume the canary of shop-worker on dev' })
    .getByRole('button', { name: 'Resume the canary' })
    .click();
  await expect(panel.getByRole('button', { name: 'Pause' })).toBeVisible();

  await panel.getByRole('button', { name: 'Abort' }).click();
  await page
    .getByRole('dialog', { name: 'Abort the canary of shop-worker on dev' })
    .getByRole('button', { name: 'Abort the canary' })
    .click();
  await expect(panel).toBeHidden({ timeout: 120_000 });
  const history = page.getByRole('table', {
    name: 'Past canaries of shop-worker on dev',
  });
  await expect(history.getByRole('row').nth(1)).toContainText('aborted');

  // Nothing left behind, and the stable Deployment as it was.
  await expect(async () => expect(canaryDeployments()).toBe('')).toPass({
    timeout: 60_000,
  });
  expect(stableTemplate()).toBe(before);
});
