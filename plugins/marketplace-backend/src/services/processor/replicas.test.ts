import { naming } from '@paasport/service-broker';
import {
  MiddlewareProvider,
  ProviderInstanceRef,
  ProviderResult,
} from '@paasport/plugin-marketplace-node';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  BROKER_AUTH,
  requireBrokerServices,
  startTestBroker,
  TestBroker,
} from '../../__testUtils__/broker';
import { createHarness, storefront } from '../../__testUtils__/harness';
import { OsbClient, OsbProvider } from '../../providers/osb';

jest.setTimeout(120_000);

/** Wraps a provider to catch two processors working on one instance at once. */
function watched(inner: MiddlewareProvider) {
  const inFlight = new Map<string, number>();
  const overlaps: string[] = [];
  const wrap =
    <A extends unknown[], R>(
      name: string,
      key: (...args: A) => string,
      fn: (...args: A) => Promise<R>,
    ) =>
    async (...args: A): Promise<R> => {
      const id = key(...args);
      const n = (inFlight.get(id) ?? 0) + 1;
      inFlight.set(id, n);
      if (n > 1) overlaps.push(`${name}:${id}`);
      try {
        return await fn(...args);
      } finally {
        inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
      }
    };
  const provider: MiddlewareProvider = {
    id: inner.id,
    provision: wrap(
      'provision',
      i => i.instanceId,
      i => inner.provision(i),
    ),
    getStatus: wrap<
      [ProviderInstanceRef, 'provision' | 'deprovision'],
      ProviderResult
    >(
      'getStatus',
      (r: ProviderInstanceRef) => r.instanceId,
      (r: ProviderInstanceRef, a: 'provision' | 'deprovision') =>
        inner.getStatus(r, a),
    ),
    deprovision: wrap(
      'deprovision',
      r => r.instanceId,
      r => inner.deprovision(r),
    ),
    verifyGone: r => inner.verifyGone(r),
    bind: b => inner.bind(b),
    unbind: b => inner.unbind(b),
  };
  return { provider, overlaps };
}

describe('two processors on one PostgreSQL', () => {
  const databases = createTestDatabases(['POSTGRES_15']);
  let broker: TestBroker;

  beforeAll(async () => {
    await requireBrokerServices();
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('never work on the same request at once, and provision and delete each instance exactly once', async () => {
    const osb = new OsbProvider(
      'shared',
      new OsbClient({ url: broker.url, ...BROKER_AUTH }),
    );
    const { provider, overlaps } = watched(osb);
    const h = await createHarness(
      await databases.init('POSTGRES_15'),
      [provider],
      {
        quotas: { default: { instances: 100, totalSizeGb: 1000 } },
      },
    );
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { request } = await h.requests.create(
        {
          offeringId: 'redis',
          planId: 'small',
          name: `cache-${i}`,
          system: storefront.system,
          parameters: {},
        },
        storefront,
        'user:default/alice',
      );
      ids.push(request.id);
    }
    const tuning = { batchSize: 4, concurrency: 2 };
    const [a, b] = [h.processor(tuning), h.processor(tuning)];
    const [workedA, workedB] = await Promise.all([
      a.runUntilIdle({ maxDurationMs: 60_000 }),
      b.runUntilIdle({ maxDurationMs: 60_000 }),
    ]);
    expect(workedA).toBeGreaterThan(0);
    expect(workedB).toBeGreaterThan(0);
    for (const id of ids)
      expect((await h.requests.get(id)).state).toBe('ready');
    expect(overlaps).toEqual([]);
    const puts = broker.requests.filter(r => r.method === 'PUT');
    for (const id of ids) {
      expect(
        puts.filter(r => r.path === `/v2/service_instances/${id}`),
      ).toHaveLength(1);
      expect(await broker.engines.redis.exists(naming.resource(id))).toBe(true);
    }

    for (const id of ids)
      await h.requests.deprovision(id, 'user:default/alice', false);
    await Promise.all([
      a.runUntilIdle({ maxDurationMs: 60_000 }),
      b.runUntilIdle({ maxDurationMs: 60_000 }),
    ]);
    expect(overlaps).toEqual([]);
    const deletes = broker.requests.filter(r => r.method === 'DELETE');
    for (const id of ids) {
      expect((await h.requests.get(id)).state).toBe('deleted');
      expect(
        deletes.filter(r => r.path === `/v2/service_instances/${id}`),
      ).toHaveLength(1);
      expect(await broker.engines.redis.exists(naming.resource(id))).toBe(
        false,
      );
    }
  });
});
