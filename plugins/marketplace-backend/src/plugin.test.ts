import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { tenancyTestConfig } from '@paasport/kubernetes-node/testUtils';
import {
  marketplaceCredentialDeliveryExtensionPoint,
  marketplaceProvidersExtensionPoint,
} from '@paasport/plugin-marketplace-node';
import mysql from 'mysql2/promise';
import request from 'supertest';
import {
  BROKER_AUTH,
  requireBrokerServices,
  startTestBroker,
  TestBroker,
} from './__testUtils__/broker';
import { testEntities } from './__testUtils__/catalog';
import { MemoryDelivery, ScriptedProvider } from './__testUtils__/fakes';
import { marketplacePlugin } from './plugin';

jest.setTimeout(90_000);

const alice = mockCredentials.user.header('user:default/alice');

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('marketplace plugin in a backend', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    await requireBrokerServices();
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('takes a MySQL request from the API to working credentials and back to nothing', async () => {
    const delivery = new MemoryDelivery();
    const operator = new ScriptedProvider('operator:strimzi');
    const extensions = createBackendModule({
      pluginId: 'marketplace',
      moduleId: 'test-extensions',
      register(reg) {
        reg.registerInit({
          deps: {
            providers: marketplaceProvidersExtensionPoint,
            delivery: marketplaceCredentialDeliveryExtensionPoint,
          },
          async init({ providers, delivery: d }) {
            providers.addProvider(operator);
            d.setCredentialDelivery(delivery);
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        extensions,
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.rootConfig.factory({
          data: {
            ...tenancyTestConfig,
            marketplace: {
              brokers: { shared: { url: broker.url, ...BROKER_AUTH } },
              processor: { frequencySeconds: 1 },
            },
          },
        }),
      ],
    });
    const api = (method: 'get' | 'post' | 'delete', path: string) =>
      request(server)
        [method](`/api/marketplace${path}`)
        .set('Authorization', alice);

    const offerings = await api('get', '/offerings');
    const kafka = offerings.body.find((o: { id: string }) => o.id === 'kafka');
    expect(kafka.plans[0].available).toBe(true); // added through the extension point

    const created = await api('post', '/requests').send({
      offeringId: 'mysql',
      planId: 'small',
      name: 'orders',
      system: 'system:default/shop',
      parameters: { charset: 'latin1' },
    });
    expect(created.status).toBe(201);
    expect(created.body.parameters).toEqual({ charset: 'latin1' });
    const id = created.body.id;
    const ready = await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.state === 'ready',
    );
    expect(ready.body.state).toBe('ready');

    const binding = await api('post', `/requests/${id}/bindings`).send({
      name: 'api',
    });
    expect(binding.status).toBe(201);
    const bound = await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.bindings[0]?.state === 'ready',
    );
    expect(bound.body.bindings[0].deliveredAt).toBeDefined();
    const secret = delivery.secrets.get('-/storefront/orders-api')!;
    const revealed = await api(
      'post',
      `/requests/${id}/bindings/${binding.body.id}/reveal`,
    );
    expect(revealed.body.credentials).toEqual(secret);

    const c = revealed.body.credentials;
    const conn = await mysql.createConnection({
      host: c.host,
      port: c.port,
      user: c.username,
      password: c.password,
      database: c.database,
    });
    await conn.query('CREATE TABLE t (id INT)');
    await conn.end();

    const removed = await api('delete', `/requests/${id}?force=true`);
    expect(removed.status).toBe(202);
    const deleted = await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.state === 'deleted',
    );
    expect(deleted.body.state).toBe('deleted');
    expect(deleted.body.bindings[0].state).toBe('deleted');
    expect(delivery.secrets.size).toBe(0);
    await expect(
      mysql.createConnection({
        host: c.host,
        port: c.port,
        user: c.username,
        password: c.password,
      }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^ER_ACCESS_DENIED/),
    });
    expect(await broker.engines.mysql.exists(String(c.database))).toBe(false);
    expect(
      deleted.body.history.map((e: { toState: string }) => e.toState),
    ).toEqual(
      expect.arrayContaining([
        'pending',
        'provisioning',
        'ready',
        'deprovisioning',
        'deleted',
      ]),
    );
  });

  it('leaves out a broker without a password, so its plans are unavailable', async () => {
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.rootConfig.factory({
          data: {
            ...tenancyTestConfig,
            marketplace: {
              brokers: { shared: { url: broker.url, username: 'portal' } },
            },
          },
        }),
      ],
    });
    const offerings = await request(server)
      .get('/api/marketplace/offerings')
      .set('Authorization', alice);
    const redis = offerings.body.find((o: { id: string }) => o.id === 'redis');
    expect(redis.plans.map((p: { available: boolean }) => p.available)).toEqual(
      [false, false],
    );
  });
});
