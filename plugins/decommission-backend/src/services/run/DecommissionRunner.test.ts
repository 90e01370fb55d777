import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import { DatabaseDecommissionStore } from '../../database/DecommissionStore';
import { CatalogEntities } from '../catalog/CatalogEntities';
import { KubernetesRemover } from '../kubernetes/KubernetesRemover';
import { MarketplaceMiddleware } from '../middleware/MarketplaceMiddleware';
import { SourceRepositories } from '../repository/SourceRepositories';
import { CATALOG_KEPT, DecommissionRunner } from './DecommissionRunner';

const RUN = '00000000-0000-4000-8000-000000000001';

const items: DecommissionItem[] = [
  {
    key: 'k8s:deploy',
    step: 'kubernetes',
    action: 'delete',
    title: 'Deployment',
    target: {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'shop-web',
      uid: 'u-1',
    },
  },
  {
    key: 'k8s:secrets-forbidden',
    step: 'kubernetes',
    action: 'none',
    title: 'Secrets',
    target: { type: 'none' },
  },
  {
    key: 'middleware:1',
    step: 'middleware',
    action: 'deprovision',
    title: 'redis',
    target: {
      type: 'middleware',
      requestId: 'r-1',
      offeringId: 'redis',
      planId: 'small',
      name: 'cache',
      state: 'ready',
    },
  },
  {
    key: 'repository:1',
    step: 'repository',
    action: 'archive',
    title: 'repo',
    target: {
      type: 'repository',
      url: 'https://git/a/b',
      host: 'git',
      owner: 'a',
      repo: 'b',
    },
  },
  {
    key: 'catalog:location',
    step: 'catalog',
    action: 'unregister',
    title: 'location',
    target: {
      type: 'location',
      locationId: 'l-1',
      locationRef: 'url:x',
      entityRefs: ['component:default/shop-web'],
    },
  },
  {
    key: 'catalog:entity',
    step: 'catalog',
    action: 'delete',
    title: 'entity',
    target: { type: 'entity', entityRef: 'system:default/shop', uid: 'e-1' },
  },
];

describe('DecommissionRunner', () => {
  const databases = createTestDatabases(['SQLITE_3']);

  async function setup() {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseDecommissionStore.create({
      database: { getClient: async () => knex },
    });
    await store.createRun({
      id: RUN,
      entityRef: 'system:default/shop',
      kind: 'System',
      actor: 'user:default/alice',
      items,
    });
    const calls: string[] = [];
    const record = (name: string) =>
      jest.fn(async () => {
        calls.push(name);
        return `${name} done`;
      });
    const kubernetes = { remove: record('kubernetes') };
    const middleware = { remove: record('middleware') };
    const repositories = { archive: record('archive') };
    const entities = {
      unregister: record('unregister'),
      delete: record('delete'),
    };
    const model = {
      person: jest.fn(async (userEntityRef: string) => ({
        userEntityRef,
        groups: new Set(['group:default/storefront']),
        admin: false,
        identity: {
          user: `paasport:${userEntityRef}`,
          groups: ['paasport:group:default/storefront'],
        },
      })),
      assertMayAct: jest.fn(),
    };
    const runner = new DecommissionRunner({
      store,
      kubernetes: kubernetes as unknown as KubernetesRemover,
      middleware: middleware as unknown as MarketplaceMiddleware,
      repositories: repositories as unknown as SourceRepositories,
      entities: entities as unknown as CatalogEntities,
      model,
      logger: mockServices.logger.mock(),
    });
    return { store, runner, calls, kubernetes, middleware, entities, model };
  }

  const credentials = mockCredentials.user('user:default/alice');
  const context = {
    credentials,
    clusters: {
      entityRef: 'system:default/shop',
      entity: {} as Entity,
      components: [],
      problems: [],
    },
  };

  it('removes what runs first and the catalog entries last', async () => {
    const { runner, calls, middleware, kubernetes, model } = await setup();
    const run = await runner.run(RUN, context);
    expect(calls).toEqual([
      'kubernetes',
      'middleware',
      'archive',
      'unregister',
      'delete',
    ]);
    // The marketplace is called as the user, for its own permission checks.
    expect(middleware.remove).toHaveBeenCalledWith(
      items[2].target,
      credentials,
    );
    // Cluster objects go as the run's stored actor, through the model.
    expect(model.person).toHaveBeenCalledWith('user:default/alice');
    expect(kubernetes.remove).toHaveBeenCalledWith(
      items[0].target,
      expect.objectContaining({
        person: expect.objectContaining({
          userEntityRef: 'user:default/alice',
        }),
      }),
      undefined,
    );
    expect(run.status).toBe('succeeded');
    expect(run.items.map(i => [i.key, i.status, i.outcome])).toEqual([
      ['k8s:deploy', 'done', 'kubernetes done'],
      ['k8s:secrets-forbidden', 'skipped', 'left alone'],
      ['middleware:1', 'done', 'middleware done'],
      ['repository:1', 'done', 'archive done'],
      ['catalog:location', 'done', 'unregister done'],
      ['catalog:entity', 'done', 'delete done'],
    ]);
  });

  it('keeps the catalog entries when anything else failed, and a retry does only what is left', async () => {
    const { runner, calls, kubernetes, entities, store, model } = await setup();
    kubernetes.remove.mockRejectedValueOnce(new Error('HTTP 403: forbidden'));

    const failed = await runner.run(RUN, context);
    expect(failed.status).toBe('failed');
    expect(calls).toEqual(['middleware', 'archive']);
    expect(entities.unregister).not.toHaveBeenCalled();
    expect(failed.items.find(i => i.key === 'k8s:deploy')).toMatchObject({
      status: 'failed',
      error: 'HTTP 403: forbidden',
    });
    for (const key of ['catalog:location', 'catalog:entity']) {
      expect(failed.items.find(i => i.key === key)).toMatchObject({
        status: 'pending',
        error: CATALOG_KEPT,
      });
    }

    // Another owner retries: the run's actor becomes them, and the cluster
    // objects left go as them, whoever started the run.
    expect(await store.claimRetry(RUN, 'user:default/bob', new Date())).toBe(
      true,
    );
    const retried = await runner.run(RUN, context);
    expect(model.person).toHaveBeenLastCalledWith('user:default/bob');
    expect(kubernetes.remove).toHaveBeenLastCalledWith(
      items[0].target,
      expect.objectContaining({
        person: expect.objectContaining({ userEntityRef: 'user:default/bob' }),
      }),
      undefined,
    );
    expect(retried.status).toBe('succeeded');
    expect(calls).toEqual([
      'middleware',
      'archive',
      'kubernetes',
      'unregister',
      'delete',
    ]);
    expect(retried.items.every(i => i.status !== 'failed')).toBe(true);
    expect(retried.items.find(i => i.key === 'catalog:entity')?.error).toBe(
      undefined,
    );
  });

  it('stops at a failed catalog entry, so that the System stays to retry from', async () => {
    const { runner, entities } = await setup();
    entities.unregister.mockRejectedValueOnce(new Error('still there'));
    const run = await runner.run(RUN, context);
    expect(run.status).toBe('failed');
    expect(entities.delete).not.toHaveBeenCalled();
    expect(run.items.find(i => i.key === 'catalog:location')).toMatchObject({
      status: 'failed',
      error: 'still there',
    });
    expect(run.items.find(i => i.key === 'catalog:entity')).toMatchObject({
      status: 'pending',
      error: CATALOG_KEPT,
    });
  });
});
