import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { devclusterExports } from './clusters';

/*
 * A new service from a software template, in the browser: the guest
 * (storefront team) picks the Go template, fills the form (application shop,
 * cluster dev, Gitea Actions), follows the task to the end and opens its
 * links: the repository in the local Gitea and the component in the catalog.
 * Afterwards it removes everything the run made (the catalog entry through
 * the decommission API, the Gitea repository, the objects on dev), so the run
 * repeats and leaves other tests alone. The Go template is the quickest.
 */

/** The local Gitea's API, as its admin (the token file of `devcluster gitea env`). */
function giteaAdmin() {
  const env = devclusterExports('gitea', 'env');
  const token = readFileSync(env.PAASPORT_GITEA_TOKEN_FILE, 'utf8').trim();
  return {
    url: env.PAASPORT_GITEA_URL,
    org: env.PAASPORT_GITEA_ORG,
    call: (method: string, apiPath: string) =>
      fetch(`${env.PAASPORT_GITEA_URL}/api/v1${apiPath}`, {
        method,
        headers: { authorization: `token ${token}` },
      }),
  };
}

/** Kinds the template's `k8s/` manifests create. */
const serviceKinds = 'deployments,services,ingresses,horizontalpodautoscalers';

/** `kubectl` on a demo cluster, with the service's label selector. */
function kubectlForService(cluster: string, name: string, ...args: string[]) {
  const env = devclusterExports('env');
  return execFileSync(
    env.PAASPORT_DEVCLUSTER_KUBECTL,
    [
      '--kubeconfig',
      env.KUBECONFIG,
      '--context',
      cluster,
      '--namespace',
      'storefront',
      ...args,
      serviceKinds,
      '--selector',
      `app.kubernetes.io/name=${name}`,
    ],
    { encoding: 'utf8' },
  ).trim();
}

/** The portal's backend as the signed-in guest: its URL and token. */
interface Backend {
  url: string;
  token: string;
}

/**
 * Signs in as guest and keeps the identity the sign-in returned: the
 * cleanup calls the backend as the same user the test acts as.
 */
async function signIn(page: Page, target: string): Promise<Backend> {
  await page.goto(target);
  const refresh = page.waitForResponse(
    r => r.url().includes('/api/auth/guest/refresh') && r.ok(),
  );
  await page.getByRole('button', { name: 'Enter' }).click();
  const response = await refresh;
  const body = await response.json();
  return {
    url: new URL(response.url()).origin,
    token: body.backstageIdentity.token,
  };
}

async function backendCall(
  backend: Backend,
  method: string,
  apiPath: string,
  body?: object,
) {
  return fetch(`${backend.url}${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${backend.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/**
 * Unregisters the component the way its owner would: the decommission
 * plugin (owners may; the policy keeps `catalog.location.delete` for
 * admins). It also removes the service's objects on the clusters.
 */
async function decommission(backend: Backend, name: string) {
  const entityPath = `/api/decommission/entities/component/default/${name}`;
  const preview = await backendCall(backend, 'GET', `${entityPath}/preview`);
  if (preview.status === 404) return;
  expect(preview.status).toBe(200);
  const { fingerprint } = await preview.json();
  const started = await backendCall(
    backend,
    'POST',
    `${entityPath}/decommission`,
    { confirmation: name, fingerprint },
  );
  expect([200, 202]).toContain(started.status);
  const { run } = await started.json();
  await expect
    .poll(
      async () => {
        const res = await backendCall(
          backend,
          'GET',
          `/api/decommission/runs/${run.id}`,
        );
        return (await res.json()).status;
      },
      { timeout: 180_000, intervals: [2_000] },
    )
    .toBe('succeeded');
}

/** Removes whatever of the service exists; each part also when earlier ones failed. */
async function cleanUp(backend: Backend | undefined, name: string) {
  const problems: unknown[] = [];
  const attempt = async (what: () => Promise<unknown> | unknown) => {
    try {
      await what();
    } catch (e) {
      problems.push(e);
    }
  };
  if (backend) {
    await attempt(() => decommission(backend, name));
  }
  // Decommission archives the repository; the test deletes it outright.
  await attempt(async () => {
    const gitea = giteaAdmin();
    const res = await gitea.call('DELETE', `/repos/${gitea.org}/${name}`);
    expect([204, 404]).toContain(res.status);
  });
  await attempt(() =>
    kubectlForService('dev', name, 'delete', '--ignore-not-found', '--wait'),
  );
  // Nothing left: no objects on dev, no repository, no catalog entry.
  await attempt(() =>
    expect(kubectlForService('dev', name, 'get', '--output', 'name')).toBe(''),
  );
  await attempt(async () => {
    const gitea = giteaAdmin();
    const res = await gitea.call('GET', `/repos/${gitea.org}/${name}`);
    expect(res.status).toBe(404);
  });
  if (backend) {
    await attempt(async () => {
      const res = await backendCall(
        backend,
        'GET',
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      expect(res.status).toBe(404);
    });
  }
  if (problems.length) {
    throw new AggregateError(problems, `Cleaning up ${name} failed`);
  }
}

// The config waits forever per action; a stuck form should fail sooner.
test.use({ actionTimeout: 60_000 });

test('creates a Go service from its template and opens its repository and catalog entry', async ({
  page,
}) => {
  test.setTimeout(480_000);
  const name = `e2e-go-${Date.now().toString(36)}`;
  let backend: Backend | undefined;
  try {
    backend = await signIn(page, '/create');

    // The template list: choose the Go service (the innermost element
    // holding both its title and a Choose button is its card).
    const card = page
      .locator('div')
      .filter({ has: page.getByRole('heading', { name: 'Go HTTP service' }) })
      .filter({ has: page.getByRole('button', { name: 'Choose' }) })
      .last();
    await card.getByRole('button', { name: 'Choose' }).click();

    // Step 1: team, application and name. The name field checks the
    // catalog while typing: a demo service's name is taken, ours is free.
    // The guest is in one team only: the team field has chosen it.
    await expect(
      page.getByRole('button', { name: /Storefront team/ }),
    ).toBeVisible();
    await page.getByRole('textbox', { name: 'Application' }).fill('shop');
    await page.getByRole('option', { name: /shop/ }).first().click();
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Created by the templates browser test');
    const nameField = page.getByRole('textbox', { name: 'Name' });
    await nameField.fill('shop-api');
    await expect(
      page.getByText(
        'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront.',
      ),
    ).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/templates-name-taken.png',
    });
    // The step does not let a taken name through (the field's validation).
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(
      page.getByText(
        'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront',
        { exact: true },
      ),
    ).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Clusters' })).toBeHidden();
    await nameField.fill(name);
    await expect(
      page.getByText(`${name} is free in the catalog and in Gitea.`),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: the dev cluster and Gitea Actions.
    // Picked from the list, as most users do.
    await page.getByRole('textbox', { name: 'Clusters' }).click();
    await page.getByRole('option', { name: 'dev', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /CI\/CD/ }).click();
    await page
      .getByRole('option', { name: /^Gitea Actions or GitHub Actions/ })
      .click();
    await page.getByRole('button', { name: 'Review' }).click();

    // Review, then run.
    await expect(page.getByText(name).first()).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/templates-review.png',
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Create' }).click();

    // The task page follows the steps to the end and shows the links.
    await expect(page).toHaveURL(/\/create\/tasks\//);
    const repository = page.getByRole('link', { name: 'Repository' });
    const inCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await expect(repository).toBeVisible({ timeout: 300_000 });
    await expect(inCatalog).toBeVisible();
    await expect(page.getByText(`Namespace storefront on dev`)).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/templates-task-done.png',
      fullPage: true,
    });

    // The repository link opens the new repository in Gitea.
    const gitea = giteaAdmin();
    await expect(repository).toHaveAttribute(
      'href',
      `${gitea.url}/${gitea.org}/${name}`,
    );
    const repoPage = await page.context().newPage();
    await repoPage.goto(`${gitea.url}/${gitea.org}/${name}`);
    await expect(repoPage.getByText('catalog-info.yaml').first()).toBeVisible();
    await expect(repoPage.getByText('.gitea').first()).toBeVisible();
    await repoPage.screenshot({
      path: 'e2e-test-report/screenshots/templates-gitea-repository.png',
    });
    await repoPage.close();

    // The catalog link opens the component, in shop and owned by storefront.
    await inCatalog.click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}`),
    );
    await expect(page.getByRole('heading', { name })).toBeVisible();
    const about = page.locator('article').filter({ hasText: /^About/ });
    await expect(about).toContainText('OwnerStorefront team');
    await expect(about).toContainText('Systemshop');
    await page.screenshot({
      path: 'e2e-test-report/screenshots/templates-catalog-entity.png',
      fullPage: true,
    });

    // The service runs on dev: its objects are in the team's namespace.
    expect(
      kubectlForService('dev', name, 'get', '--output', 'name')
        .split('\n')
        .sort(),
    ).toEqual(
      expect.arrayContaining([`deployment.apps/${name}`, `service/${name}`]),
    );
  } finally {
    await cleanUp(backend, name);
  }
});
