import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The real marketplace next to this plugin is the point of this test.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import marketplacePlugin from '@paasport/plugin-marketplace-backend';
import {
  marketplaceProvidersExtensionPoint,
  MiddlewareProvider,
} from '@paasport/plugin-marketplace-node';
import {
  DecommissionPlan,
  DecommissionRun,
} from '@paasport/plugin-decommission-common';
import {
  teamGroup,
  tenancyTestConfig,
} from '@paasport/kubernetes-node/testUtils';
import request from 'supertest';
import { decommissionPlugin } from '../../plugin';
import { MarketplaceMiddleware } from './MarketplaceMiddleware';

/*
 * The middleware step against the real marketplace backend in the same test
 * backend: the decommission lists the application's instances through the
 * marketplace's API, as the user, and deprovisions them there. Only the
 * marketplace's back end (where instances would really run) is in memory.
 */
jest.setTimeout(60_000);

class InMemoryProvider implements MiddlewareProvider {
  readonly id = 'memory:test';
  readonly instances = new Set<string>();
  async provision(input: { instanceId: string }) {
    this.instances.add(input.instanceId);
    return { phase: 'ready' as const };
  }
  async getStatus(ref: { instanceId: string }) {
    return {
      phase: this.instances.has(ref.instanceId)
        ? ('ready' as const)
        : ('gone' as const),
    };
  }
  async bind() {
    return { phase: 'ready' as const, credentials: { password: 'x' } };
  }
  async unbind() {
    return { phase: 'gone' as const };
  }
  async deprovision(ref: { instanceId: string }) {
    this.instances.delete(ref.instanceId);
    return { phase: 'gone' as const };
  }
  async verifyGone(ref: { instanceId: string }) {
    return !this.instances.has(ref.instanceId);
  }
}

const discovered = (name: string, kind: string, spec: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    annotations: {
      'backstage.io/managed-by-location': `paasport-discovery:${name}`,
      'backstage.io/managed-by-origin-location': `paasport-discovery:${name}`,
    },
  },
  spec,
});

const catalog = () =>
  catalogServiceMock({
    entities: [
      discovered('legacy', 'System', { owner: 'group:default/storefront' }),
      discovered('billing', 'System', { owner: 'group:default/storefront' }),
      // From the platform's (trusted) org file: the marketplace only
      // provisions for teams the application model knows.
      teamGroup('storefront', 'storefront', ['alice']),
    ],
  });

/**
 * This plugin and the real marketplace in one test backend, the marketplace
 * with an in-memory provider; and this plugin's own auth and discovery.
 */
async function startBackends() {
  const provider = new InMemoryProvider();
  const instance = catalog();
  let own: { auth: AuthService; discovery: DiscoveryService } | undefined;
  const { server } = await startTestBackend({
    features: [
      decommissionPlugin,
      marketplacePlugin,
      createBackendModule({
        pluginId: 'marketplace',
        moduleId: 'memory-provider',
        register(reg) {
          reg.registerInit({
            deps: { providers: marketplaceProvidersExtensionPoint },
            async init({ providers }) {
              providers.addProvider(provider);
            },
          });
        },
      }),
      createBackendModule({
        pluginId: 'decommission',
        moduleId: 'own-services',
        register(reg) {
          reg.registerInit({
            deps: {
              auth: coreServices.auth,
              discovery: coreServices.discovery,
            },
            async init(deps) {
              own = deps;
            },
          });
        },
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => instance,
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          ...tenancyTestConfig,
          marketplace: {
            offerings: [
              {
                id: 'redis',
                title: 'Redis',
                plans: [
                  {
                    id: 'small',
                    title: 'Small',
                    sizeGb: 1,
                    provider: 'memory:test',
                  },
                ],
              },
            ],
          },
        },
      }),
    ],
  });
  return { server, provider, own: own! };
}

describe('MarketplaceMiddleware with the marketplace backend', () => {
  it('deprovisions the application’s instances and leaves other applications’ alone', async () => {
    const { server, provider } = await startBackends();
    const alice = mockCredentials.user.header('user:default/alice');
    const create = async (name: string, system: string) => {
      const res = await request(server)
        .post('/api/marketplace/requests')
        .set('Authorization', alice)
        .send({ offeringId: 'redis', planId: 'small', name, system });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const mine = await create('legacy-cache', 'system:default/legacy');
    const theirs = await create('billing-cache', 'system:default/billing');
    const state = async (id: string) =>
      (
        await request(server)
          .get(`/api/marketplace/requests/${id}`)
          .set('Authorization', alice)
      ).body.state;
    for (const id of [mine, theirs]) {
      for (let i = 0; (await state(id)) !== 'ready'; i++) {
        if (i > 100) throw new Error(`instance ${id} never became ready`);
        await new Promise(r => setTimeout(r, 100));
      }
    }

    const preview = await request(server)
      .get('/api/decommission/entities/system/default/legacy/preview')
      .set('Authorization', alice);
    const plan = preview.body as DecommissionPlan;
    const middleware = plan.items.filter(i => i.step === 'middleware');
    expect(middleware).toEqual([
      expect.objectContaining({
        key: `middleware:${mine}`,
        action: 'deprovision',
        title: 'redis instance legacy-cache (small, ready)',
        entityRef: 'system:default/legacy',
      }),
    ]);

    const started = await request(server)
      .post('/api/decommission/entities/system/default/legacy/decommission')
      .set('Authorization', alice)
      .send({ confirmation: 'legacy', fingerprint: plan.fingerprint });
    expect(started.status).toBe(202);
    let run: DecommissionRun = started.body.run;
    while (run.status === 'running') {
      await new Promise(r => setTimeout(r, 200));
      run = (
        await request(server)
          .get(`/api/decommission/runs/${run.id}`)
          .set('Authorization', alice)
      ).body;
    }
    expect(run.status).toBe('succeeded');
    expect(run.items.find(i => i.step === 'middleware')).toMatchObject({
      status: 'done',
      outcome: 'deprovisioned',
    });
    expect(await state(mine)).toBe('deleted');
    expect(provider.instances.has(mine)).toBe(false);
    expect(await state(theirs)).toBe('ready');
    expect(provider.instances.has(theirs)).toBe(true);
  });

  it("acts for the run's person where their sign-in is not at hand, held to their team by the marketplace", async () => {
    const { server, provider, own } = await startBackends();
    const alice = mockCredentials.user.header('user:default/alice');
    const created = await request(server)
      .post('/api/marketplace/requests')
      .set('Authorization', alice)
      .send({
        offeringId: 'redis',
        planId: 'small',
        name: 'legacy-cache',
        system: 'system:default/legacy',
      });
    const id = created.body.id as string;
    const details = async () =>
      (
        await request(server)
          .get(`/api/marketplace/requests/${id}`)
          .set('Authorization', alice)
      ).body;
    for (let i = 0; (await details()).state !== 'ready'; i++) {
      if (i > 100) throw new Error(`instance ${id} never became ready`);
      await new Promise(r => setTimeout(r, 100));
    }
    const middleware = new MarketplaceMiddleware({
      ...own,
      waitMs: 10_000,
      pollMs: 100,
    });
    const target = {
      type: 'middleware' as const,
      requestId: id,
      offeringId: 'redis',
      planId: 'small',
      name: 'legacy-cache',
      state: 'ready',
    };
    // For someone outside storefront: refused, nothing changes.
    await expect(
      middleware.remove(target, { actingFor: 'user:default/bob' }),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect((await details()).state).toBe('ready');
    expect(provider.instances.has(id)).toBe(true);

    // For alice, whose run it is: deprovisioned as her.
    await expect(
      middleware.remove(target, { actingFor: 'user:default/alice' }),
    ).resolves.toBe('deprovisioned');
    expect(provider.instances.has(id)).toBe(false);
    const history = (await details()).history as Array<{
      toState: string;
      actor: string;
    }>;
    expect(history.find(e => e.toState === 'deprovisioning')?.actor).toBe(
      'user:default/alice',
    );
  });
});
