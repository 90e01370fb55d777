import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { tenancyTestConfig } from '@paasport/kubernetes-node/testUtils';
import type { CoreV1Api } from '@kubernetes/client-node';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  BROKER_AUTH,
  requireBrokerServices,
  startTestBroker,
  TestBroker,
} from './__testUtils__/broker';
import { testEntities } from './__testUtils__/catalog';
import { devcluster, readSecret } from './__testUtils__/devcluster';
import { marketplacePlugin } from './plugin';

// The real broker on the running MariaDB and Redis, the real local clusters
// (packages/devcluster): fails when any of them is down.
jest.setTimeout(120_000);

const alice = mockCredentials.user.header('user:default/alice');

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('credentials delivered as Secrets on the local clusters', () => {
  let broker: TestBroker;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let dev: CoreV1Api;
  let prod: CoreV1Api;
  const suffix = randomUUID().slice(0, 6);

  beforeAll(async () => {
    await requireBrokerServices();
    const dc = await devcluster();
    dev = await dc.admin('dev');
    prod = await dc.admin('prod');
    broker = await startTestBroker();
    ({ server } = await startTestBackend({
      features: [
        marketplacePlugin,
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.rootConfig.factory({
          data: {
            ...dc.data,
            // Trusts the test org the team Groups come from.
            paasport: { ...dc.data.paasport, ...tenancyTestConfig.paasport },
            marketplace: {
              brokers: { shared: { url: broker.url, ...BROKER_AUTH } },
              processor: { frequencySeconds: 1 },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await broker?.close();
  });

  const api = (method: 'get' | 'post' | 'delete', path: string) =>
    request(server)
      [method](`/api/marketplace${path}`)
      .set('Authorization', alice);

  const requestFor = async (offeringId: string, name: string) => {
    const created = await api('post', '/requests').send({
      offeringId,
      planId: 'small',
      name,
      component: 'component:default/shop-api',
      cluster: 'dev',
      binding: { name: 'shop-api' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const bound = await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.bindings[0]?.state === 'ready',
      `${name} bound`,
    );
    return { id, binding: bound.body.bindings[0] };
  };

  it('Redis: bind → Secret with working credentials → unbind → Secret gone and login refused', async () => {
    const name = `it-redis-${suffix}`;
    const { id, binding } = await requestFor('redis', name);
    expect(binding).toMatchObject({
      cluster: 'dev',
      namespace: 'storefront',
      secretName: `${name}-shop-api`,
      component: 'component:default/shop-api',
    });
    expect(await api('get', '/clusters')).toMatchObject({
      body: [{ name: 'dev' }, { name: 'prod' }],
    });

    const found = (await readSecret(dev, 'storefront', `${name}-shop-api`))!;
    expect(found.secret.type).toBe('servicebinding.io/redis');
    expect(found.secret.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'paasport-marketplace',
      'paasport.io/request-id': id,
      'paasport.io/binding-id': binding.id,
      'paasport.io/component': 'shop-api',
      'paasport.io/system': 'shop',
    });
    expect(Object.keys(found.data).sort()).toEqual([
      'host',
      'keyPrefix',
      'password',
      'port',
      'provider',
      'type',
      'uri',
      'username',
    ]);
    expect(
      await readSecret(prod, 'storefront', `${name}-shop-api`),
    ).toBeUndefined();

    // The application's view: only what the Secret holds.
    const s = found.data;
    const client = new Redis(s.uri, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    await client.connect();
    expect(await client.set(`${s.keyPrefix}greeting`, 'hello')).toBe('OK');
    expect(await client.get(`${s.keyPrefix}greeting`)).toBe('hello');
    await expect(client.set('someone-else:key', 'x')).rejects.toThrow(/NOPERM/);
    client.disconnect();

    const revealed = await api(
      'post',
      `/requests/${id}/bindings/${binding.id}/reveal`,
    );
    const { type: _t, provider: _p, ...secretCredentials } = s;
    expect(revealed.body.credentials).toEqual({
      ...secretCredentials,
      port: Number(s.port),
    });

    expect(
      (await api('delete', `/requests/${id}/bindings/${binding.id}`)).status,
    ).toBe(202);
    await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.bindings[0]?.state === 'deleted',
      'unbound',
    );
    expect(
      await readSecret(dev, 'storefront', `${name}-shop-api`),
    ).toBeUndefined();
    // The ACL user is gone: authenticating as it is refused.
    const probe = new Redis({
      host: s.host,
      port: Number(s.port),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    await probe.connect();
    await expect(probe.call('AUTH', s.username, s.password)).rejects.toThrow(
      /WRONGPASS/,
    );
    probe.disconnect();

    expect((await api('delete', `/requests/${id}`)).status).toBe(202);
    await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.state === 'deleted',
      'deleted',
    );
  });

  it('MySQL: the Secret connects to its own database; a forced deprovision removes Secret and user', async () => {
    const name = `it-mysql-${suffix}`;
    const { id } = await requestFor('mysql', name);
    const s = (await readSecret(dev, 'storefront', `${name}-shop-api`))!.data;
    expect(s.type).toBe('mysql');
    const conn = await mysql.createConnection({
      host: s.host,
      port: Number(s.port),
      user: s.username,
      password: s.password,
      database: s.database,
    });
    await conn.query('CREATE TABLE orders (id INT PRIMARY KEY)');
    await conn.query('INSERT INTO orders VALUES (1)');
    await expect(conn.query('CREATE DATABASE other_db')).rejects.toMatchObject({
      code: expect.stringMatching(/DENIED/),
    });
    await conn.end();

    // Listed on the Component's Middleware tab, without secrets.
    const listed = await api(
      'get',
      '/instances?entity=component:default/shop-api',
    );
    expect(listed.body.map((i: { name: string }) => i.name)).toContain(name);
    expect(JSON.stringify(listed.body)).not.toContain(s.password);

    expect((await api('delete', `/requests/${id}?force=true`)).status).toBe(
      202,
    );
    const deleted = await eventually(
      () => api('get', `/requests/${id}`),
      r => r.body.state === 'deleted',
      'deprovisioned',
    );
    expect(deleted.body.bindings[0].state).toBe('deleted');
    expect(
      await readSecret(dev, 'storefront', `${name}-shop-api`),
    ).toBeUndefined();
    await expect(
      mysql.createConnection({
        host: s.host,
        port: Number(s.port),
        user: s.username,
        password: s.password,
      }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^ER_ACCESS_DENIED/),
    });
  });
});
