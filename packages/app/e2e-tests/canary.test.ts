import { test, expect, Page } from '@playwright/test';
import { kubectl } from './clusters';

/*
 * Canary releases from the Releases tab on the real local clusters, as the
 * guest (storefront team). One canary of shop-worker on dev runs behind the
 * same Service (target and actual weight, pods per track), is paused,
 * resumed and aborted, and shows in the history; its stable Deployment is
 * never changed. Another, of shop-web on prod (which serves traffic, so
 * Prometheus has per-track series to judge), changes only a pod annotation,
 * passes its analysis and is promoted: the verdicts are read from the page.
 */

async function signIn(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

/** A stable Deployment's pod template, as the cluster's admin reads it. */
function stableTemplate(cluster = 'dev', name = 'shop-worker') {
  return kubectl(cluster, [
    '-n',
    'storefront',
    'get',
    'deployment',
    name,
    '-o',
    'jsonpath={.spec.template}',
  ]);
}

function canaryDeployments(cluster = 'dev') {
  return kubectl(cluster, [
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

test('a canary of shop-web that passes its analysis is promoted, and its verdicts are shown', async ({
  page,
}) => {
  test.setTimeout(480_000);
  // A harmless change unique to this run, so the promoted template differs
  // from every earlier one and the demo's versions stay as they are.
  const run = `e2e-${Date.now().toString(36)}`;
  await signIn(page, '/catalog/default/component/shop-web/releases');
  const prod = page.getByRole('region', {
    name: 'Deployment storefront/shop-web on prod',
  });
  await prod.getByRole('button', { name: 'Start canary' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Start a canary of shop-web on prod',
  });
  await expect(dialog).toBeVisible();
  await dialog
    .getByRole('button', { name: 'Add an annotation change' })
    .click();
  await dialog
    .getByLabel('Key of annotation 1')
    .fill('e2e.paasport.io/canary-run');
  await dialog.getByLabel('Value of annotation 1').fill(run);
  // Two steps: half the pods for a minute, judged, then all of them.
  await dialog.getByLabel('Weight of step 1 (%)').fill('50');
  await dialog.getByLabel('Seconds of step 1').fill('60');
  await dialog.getByRole('button', { name: 'Drop step 2' }).click();
  await dialog.getByRole('button', { name: 'Drop step 2' }).click();
  await expect(dialog.getByLabel('Weight of step 2 (%)')).toHaveValue('100');
  await dialog.getByLabel('Analysis window (seconds)').fill('60');
  await dialog.getByLabel('Min samples per track').fill('4');
  await dialog.getByLabel('Reason').fill('e2e: promote a tagged template');
  await dialog.getByRole('button', { name: 'Start the canary' }).click();

  const panel = page.getByRole('region', {
    name: 'Canary of shop-web on prod',
  });
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel).toContainText('50 % target', { timeout: 90_000 });
  // Judged after its minute at 50 %, then promoted at 100 %: the canary
  // leaves the page for the history (too quickly after its verdict to
  // read the verdict here for sure; the history keeps it).
  await expect(panel).toBeHidden({ timeout: 360_000 });
  const history = page.getByRole('table', {
    name: 'Past canaries of shop-web on prod',
  });
  const last = history.getByRole('row').nth(1);
  await expect(last).toContainText('promoted');
  await last.getByRole('button', { name: 'Verdicts and events' }).click();
  await expect(
    history
      .getByRole('table', { name: 'Verdicts of the canary of shop-web' })
      .getByRole('row')
      .nth(1),
  ).toContainText('pass');
  await page.screenshot({
    path: 'e2e-test-report/screenshots/canary-promoted.png',
    fullPage: true,
  });

  // The stable Deployment took the canary's template; the canary is gone.
  expect(JSON.parse(stableTemplate('prod', 'shop-web'))).toMatchObject({
    metadata: { annotations: { 'e2e.paasport.io/canary-run': run } },
  });
  await expect(async () => expect(canaryDeployments('prod')).toBe('')).toPass({
    timeout: 60_000,
  });
});
