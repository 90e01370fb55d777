import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  answered,
  giteaApi,
  LocalGitea,
  localGitea,
} from '@paasport/devcluster';
import { DatabaseDecommissionStore } from '../../database/DecommissionStore';
import { CatalogEntities } from '../catalog/CatalogEntities';
import { KubernetesRemover } from '../kubernetes/KubernetesRemover';
import { MarketplaceMiddleware } from '../middleware/MarketplaceMiddleware';
import { DecommissionRunner } from '../run/DecommissionRunner';
import { DecommissionScope } from '../scope/DecommissionScope';
import { runAsWorker } from '../../__testUtils__/runs';
import { scopeWithoutClusters } from '../../__testUtils__/scopes';
import { SourceRepositories } from './SourceRepositories';

/*
 * The repository step against the real local Gitea (`devcluster gitea up`;
 * the suite fails when it cannot be started), with the integrations config
 * from the fragment it writes, as the backend loads it: scratch repositories
 * in the organisation are planned, archived through the runner, archived
 * again, kept when another entity builds from them, reported when missing,
 * and deleted afterwards.
 */
jest.setTimeout(300_000);

const credentials = mockCredentials.user('user:default/alice');
const suffix = randomBytes(3).toString('hex');
const names = {
  solo: `decomm-${suffix}-solo`,
  shared: `decomm-${suffix}-shared`,
  renamed: `decomm-${suffix}-old`,
  renamedTo: `decomm-${suffix}-new`,
  missing: `decomm-${suffix}-missing`,
};

function component(name: string, source: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/source-location': `url:${source}` },
    },
    spec: { type: 'service', owner: 'group:default/storefront' },
  };
}

function scope(entities: Entity[]): DecommissionScope {
  return scopeWithoutClusters({
    root: entities[0],
    rootRef: `component:default/${entities[0].metadata.name}`,
    kind: 'Component',
    entities,
    components: entities,
  });
}

/** The other steps never run here: only repository items are planned. */
function notThisStep(): never {
  throw new Error('only the repository step is under test');
}

describe('SourceRepositories on the local Gitea', () => {
  let gitea: LocalGitea;
  const databases = createTestDatabases(['SQLITE_3']);

  beforeAll(async () => {
    gitea = localGitea();
    for (const name of [names.solo, names.shared, names.renamed]) {
      const created = await giteaApi(
        gitea,
        'POST',
        `/orgs/${gitea.org}/repos`,
        {
          name,
          auto_init: true,
          default_branch: 'main',
        },
      );
      answered(created, [201], `create ${name}`);
    }
    // Renamed after the catalog learnt the old name: Gitea redirects.
    const renamed = await giteaApi(
      gitea,
      'PATCH',
      `/repos/${gitea.org}/${names.renamed}`,
      { name: names.renamedTo },
    );
    answered(renamed, [200], `rename ${names.renamed}`);
  });

  afterAll(async () => {
    if (!gitea) return;
    for (const name of [names.solo, names.shared, names.renamedTo]) {
      const deleted = await giteaApi(
        gitea,
        'DELETE',
        `/repos/${gitea.org}/${name}`,
      );
      answered(deleted, [204, 404], `delete ${name}`);
    }
  });

  async function archived(name: string): Promise<boolean> {
    const repo = await giteaApi(gitea, 'GET', `/repos/${gitea.org}/${name}`);
    expect(repo.status).toBe(200);
    return repo.body.archived;
  }

  /** Wired as plugin.ts wires it, from the fragment `gitea up` writes. */
  async function setup(catalogEntities: Entity[]) {
    const repositories = new SourceRepositories({
      integrations: ScmIntegrations.fromConfig(new ConfigReader(gitea.config)),
      catalog: catalogServiceMock({ entities: catalogEntities }),
    });
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseDecommissionStore.create({
      database: { getClient: async () => knex },
    });
    const runner = new DecommissionRunner({
      store,
      kubernetes: { remove: notThisStep } as unknown as KubernetesRemover,
      middleware: { remove: notThisStep } as unknown as MarketplaceMiddleware,
      entities: {
        unregister: notThisStep,
        delete: notThisStep,
      } as unknown as CatalogEntities,
      repositories,
      model: { person: notThisStep, assertMayAct: notThisStep },
      logger: mockServices.logger.mock(),
    });
    const execute = async (items: DecommissionItem[]) => {
      const id = randomUUID();
      await store.createRun({
        id,
        entityRef: 'component:default/legacy-api',
        kind: 'Component',
        actor: 'user:default/alice',
        items,
        scope: scope(catalogEntities).clusters,
      });
      return runAsWorker(store, runner, id, { signIn: credentials });
    };
    return { repositories, execute };
  }

  it('previews, archives through the runner, and archives again harmlessly', async () => {
    // The forms the catalog holds: a tree URL (a registered location's
    // directory) and a clone URL.
    const api = component(
      'legacy-api',
      `${gitea.url}/${gitea.org}/${names.solo}/src/branch/main/`,
    );
    const worker = component(
      'legacy-worker',
      `${gitea.url}/${gitea.org}/${names.solo}.git`,
    );
    const { repositories, execute } = await setup([api, worker]);

    const preview = await repositories.plan(scope([api, worker]), credentials);
    expect(preview).toEqual([
      expect.objectContaining({
        key: `repository:${gitea.url}/${gitea.org}/${names.solo}`,
        action: 'archive',
        entityRef: 'component:default/legacy-api',
        target: expect.objectContaining({
          type: 'repository',
          owner: gitea.org,
          repo: names.solo,
        }),
      }),
    ]);
    expect(await archived(names.solo)).toBe(false);

    const run = await execute(preview);
    expect(run.status).toBe('succeeded');
    expect(run.items.map(i => [i.status, i.outcome, i.error])).toEqual([
      ['done', 'archived', undefined],
    ]);
    expect(await archived(names.solo)).toBe(true);

    // A second preview has nothing left to do ...
    const again = await repositories.plan(scope([api, worker]), credentials);
    expect(again).toEqual([
      expect.objectContaining({ action: 'none', note: 'Already archived' }),
    ]);
    // ... and carrying out the first plan again (a stale retry) is harmless.
    const rerun = await execute(preview);
    expect(rerun.status).toBe('succeeded');
    expect(rerun.items[0]).toMatchObject({
      status: 'done',
      outcome: 'archived',
    });
    expect(await archived(names.solo)).toBe(true);
  });

  it('keeps a repository another entity builds from, however its URL is written, and reports a missing one', async () => {
    const base = `${gitea.url}/${gitea.org}`;
    const inScope = [
      component('legacy-web', `${base}/${names.shared}/src/branch/main/web/`),
      component('legacy-job', `${base}/${names.missing}/`),
      component('legacy-batch', `${base}/${names.renamed}/`),
    ];
    // Gitea names are case-insensitive, and it redirects a renamed
    // repository's old name: both are the same repository.
    const others = [
      component(
        'billing',
        `${
          gitea.url
        }/${gitea.org.toUpperCase()}/${names.shared.toUpperCase()}/src/branch/main/billing/`,
      ),
      component('batch-v2', `${base}/${names.renamedTo}`),
    ];
    const { repositories, execute } = await setup([...inScope, ...others]);

    const preview = await repositories.plan(scope(inScope), credentials);
    const byRepo = Object.fromEntries(
      preview.map(i => [
        i.target.type === 'repository' ? i.target.repo : i.key,
        [i.action, i.note],
      ]),
    );
    const host = new URL(gitea.url).host;
    expect(byRepo).toEqual({
      [names.shared]: [
        'none',
        'Kept: also the source of component:default/billing',
      ],
      [names.missing]: ['none', `Not found on ${host}: nothing to archive`],
      [names.renamed]: [
        'none',
        'Kept: also the source of component:default/batch-v2',
      ],
    });

    const run = await execute(preview);
    expect(run.status).toBe('succeeded');
    expect(run.items.map(i => [i.status, i.outcome])).toEqual(
      preview.map(() => ['skipped', 'left alone']),
    );
    expect(await archived(names.shared)).toBe(false);
    expect(await archived(names.renamedTo)).toBe(false);
  });

  it('archives a renamed repository under its new name when nothing else uses it', async () => {
    const batch = component(
      'legacy-batch',
      `${gitea.url}/${gitea.org}/${names.renamed}/`,
    );
    const { repositories, execute } = await setup([batch]);
    const [item] = await repositories.plan(scope([batch]), credentials);
    expect(item).toMatchObject({
      action: 'archive',
      note: `Now ${gitea.org}/${names.renamedTo} on ${new URL(gitea.url).host}`,
      target: { owner: gitea.org, repo: names.renamedTo },
    });
    const run = await execute([item]);
    expect(run.items[0]).toMatchObject({ status: 'done', outcome: 'archived' });
    expect(await archived(names.renamedTo)).toBe(true);
  });

  it('reports a repository deleted between preview and run', async () => {
    const name = `decomm-${suffix}-vanishing`;
    const created = await giteaApi(gitea, 'POST', `/orgs/${gitea.org}/repos`, {
      name,
    });
    expect(created.status).toBe(201);
    const app = component('legacy-app', `${gitea.url}/${gitea.org}/${name}`);
    const { repositories, execute } = await setup([app]);
    const preview = await repositories.plan(scope([app]), credentials);
    expect(preview[0].action).toBe('archive');
    expect(
      (await giteaApi(gitea, 'DELETE', `/repos/${gitea.org}/${name}`)).status,
    ).toBe(204);
    const run = await execute(preview);
    expect(run.items[0]).toMatchObject({
      status: 'done',
      outcome: 'not found (nothing to archive)',
    });
  });
});
