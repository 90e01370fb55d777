import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { createTestDatabases } from '../../__testUtils__/databases';
import { DatabaseDecommissionStore } from '../../database/DecommissionStore';
import { CatalogEntities } from '../catalog/CatalogEntities';
import { KubernetesRemover } from '../kubernetes/KubernetesRemover';
import { MarketplaceMiddleware } from '../middleware/MarketplaceMiddleware';
import { SourceRepositories } from '../repository/SourceRepositories';
import { runAsWorker } from '../../__testUtils__/runs';
import { CATALOG_KEPT, DecommissionRunner } from './DecommissionRunner';
import { LeaseLostError, WorkerStoppingError } from './errors';

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
      scope: { entityRef: 'system:default/shop', components: [] },
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
  const runWithSignIn = (
    store: DatabaseDecommissionStore,
    runner: DecommissionRunner,
    signIn = credentials,
  ) => runAsWorker(store, runner, RUN, { signIn });

  it('removes what runs first and the catalog entries last', async () => {
    const { store, runner, calls, middleware, kubernetes, model } =
      await setup();
    const done = await runWithSignIn(store, runner);
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
    expect(done.status).toBe('succeeded');
    expect(done.items.map(i => [i.key, i.status, i.outcome])).toEqual([
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

    const failed = await runWithSignIn(store, runner);
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
    expect(
      await store.claimRetry(RUN, 'user:default/bob', new Date(), {
        scope: { entityRef: 'system:default/shop', components: [] },
      }),
    ).toBe(true);
    const retried = await runWithSignIn(
      store,
      runner,
      mockCredentials.user('user:default/bob'),
    );
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
    const { store, runner, entities } = await setup();
    entities.unregister.mockRejectedValueOnce(new Error('still there'));
    const failed = await runWithSignIn(store, runner);
    expect(failed.status).toBe('failed');
    expect(entities.delete).not.toHaveBeenCalled();
    expect(failed.items.find(i => i.key === 'catalog:location')).toMatchObject({
      status: 'failed',
      error: 'still there',
    });
    expect(failed.items.find(i => i.key === 'catalog:entity')).toMatchObject({
      status: 'pending',
      error: CATALOG_KEPT,
    });
  });

  it("deprovisions middleware with the stored actor's sign-in, or else acting for the stored actor, never as someone else", async () => {
    // A worker that took the run over has no sign-in; one of someone else is
    // never used for alice's run. Both act for alice instead, as the run
    // recorded her.
    for (const signIn of [
      undefined,
      mockCredentials.user('user:default/mallory'),
    ]) {
      const { store, runner, middleware } = await setup();
      const done = await runAsWorker(store, runner, RUN, { signIn });
      expect(done.status).toBe('succeeded');
      expect(middleware.remove).toHaveBeenCalledWith(items[2].target, {
        actingFor: 'user:default/alice',
      });
    }
  });

  it('writes nothing more once another worker took the run over', async () => {
    const { store, runner, middleware, kubernetes } = await setup();
    // While A deletes the Deployment its lease expires and B takes over.
    kubernetes.remove.mockImplementationOnce(async () => {
      const later = new Date(Date.now() + 120_000);
      await store.claim('b', {
        leaseMs: 60_000,
        limit: 1,
        exclude: [],
        now: later,
      });
      return 'deleted';
    });
    await expect(
      runAsWorker(store, runner, RUN, { owner: 'a', signIn: credentials }),
    ).rejects.toThrow(LeaseLostError);
    expect(middleware.remove).not.toHaveBeenCalled();
    const run = (await store.getRun(RUN))!;
    expect(run.leaseOwner).toBe('b');
    expect(run.items.find(i => i.key === 'k8s:deploy')).toMatchObject({
      status: 'pending',
      error: 'Interrupted: worker a stopped while on it; resumed by worker b',
    });
    expect(run.history?.at(-1)?.message).toMatch(
      /^worker a stopped \(lease expired at .*\) while on Deployment; resumed by worker b$/,
    );
  });

  it('stops before the next item when its worker shuts down', async () => {
    const { store, runner, kubernetes, middleware } = await setup();
    const controller = new AbortController();
    kubernetes.remove.mockImplementationOnce(async () => {
      controller.abort(new WorkerStoppingError('shutting down'));
      return 'deleted';
    });
    await store.claim('a', { leaseMs: 60_000, limit: 1, exclude: [] });
    await expect(
      runner.run(RUN, {
        owner: 'a',
        signal: controller.signal,
        signIn: () => credentials,
      }),
    ).rejects.toThrow(WorkerStoppingError);
    expect(middleware.remove).not.toHaveBeenCalled();
    // The item it finished is recorded.
    const run = (await store.getRun(RUN))!;
    expect(run.items.find(i => i.key === 'k8s:deploy')?.status).toBe('done');
    expect(run.items.find(i => i.key === 'middleware:1')?.status).toBe(
      'pending',
    );
  });
});
