import { v4 as uuid } from 'uuid';
import { naming } from '@paasport/service-broker';
import {
  BROKER_AUTH,
  replaceAnswer,
  requireBrokerServices,
  startTestBroker,
  TestBroker,
} from '../../__testUtils__/broker';
import { OsbClient, OsbPlanIds } from './OsbClient';
import { OsbRequestError } from './errors';
import { mitigateOrphan, waitForLastOperation } from './operations';

jest.setTimeout(60_000);

describe('OsbClient against the real broker', () => {
  let broker: TestBroker;
  let client: OsbClient;
  let redisSmall: OsbPlanIds;
  let redisMedium: OsbPlanIds;
  const leftovers: string[] = [];

  beforeAll(async () => {
    await requireBrokerServices();
    broker = await startTestBroker();
    client = new OsbClient({
      url: broker.url,
      ...BROKER_AUTH,
      timeoutMs: 2_000,
    });
    const catalog = await client.catalog();
    const redis = catalog.services.find(s => s.name === 'redis-shared')!;
    redisSmall = { serviceId: redis.id, planId: redis.plans[0].id };
    redisMedium = { serviceId: redis.id, planId: redis.plans[1].id };
  });

  afterEach(() => {
    broker.faults.length = 0;
  });

  afterAll(async () => {
    for (const id of leftovers) {
      await mitigateOrphan(client, { instanceId: id }, redisSmall).catch(
        () => false,
      );
    }
    await broker?.close();
  });

  async function provisioned() {
    const id = uuid();
    leftovers.push(id);
    const res = await client.provision(
      id,
      {
        ...redisSmall,
        parameters: {},
        context: { team: 'group:default/storefront' },
      },
      'user:default/alice',
    );
    expect(res.status).toBe('accepted');
    const done = await waitForLastOperation(
      client,
      id,
      { ...redisSmall, operation: res.operation },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(done.state).toBe('succeeded');
    return id;
  }

  it('sends the version, request identity and originating identity headers, and accepts_incomplete', async () => {
    const id = await provisioned();
    const put = broker.requests.find(
      r => r.method === 'PUT' && r.path.endsWith(id),
    )!;
    expect(put.headers['x-broker-api-version']).toBe('2.17');
    expect(put.url).toContain('accepts_incomplete=true');
    expect(put.headers['x-broker-api-request-identity']).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    const [platform, value] = String(
      put.headers['x-broker-api-originating-identity'],
    ).split(' ');
    expect(platform).toBe('backstage');
    expect(JSON.parse(Buffer.from(value, 'base64').toString())).toEqual({
      user: 'user:default/alice',
    });
    const state = await broker.broker.store.getInstance(id);
    expect(JSON.parse(state!.context)).toEqual({
      platform: 'backstage',
      team: 'group:default/storefront',
    });
  });

  it('maps repeated and conflicting provisions to exists and conflict', async () => {
    const id = await provisioned();
    expect(
      await client.provision(id, {
        ...redisSmall,
        parameters: {},
        context: {},
      }),
    ).toEqual({ status: 'exists' });
    const conflict = await client
      .provision(id, { ...redisMedium, parameters: {}, context: {} })
      .catch(e => e);
    expect(conflict).toBeInstanceOf(OsbRequestError);
    expect(conflict).toMatchObject({
      kind: 'conflict',
      status: 409,
      orphanMitigation: false,
    });
  });

  it('binds, unbinds and deprovisions, treating 410 as success', async () => {
    const id = await provisioned();
    const bound = await client.bind(id, 'b1', {
      ...redisSmall,
      appGuid: 'storefront',
      context: {},
    });
    expect(bound.status).toBe('created');
    const credentials = (bound as { credentials: Record<string, unknown> })
      .credentials;
    expect(credentials.keyPrefix).toBe(`${naming.resource(id)}:`);
    expect(await client.fetchBinding(id, 'b1')).toEqual(credentials);
    const again = await client.bind(id, 'b1', {
      ...redisSmall,
      appGuid: 'storefront',
      context: {},
    });
    expect(again).toEqual({ status: 'exists', credentials });

    const refused = await client.deprovision(id, redisSmall).catch(e => e);
    expect(refused).toMatchObject({
      kind: 'rejected',
      status: 422,
      brokerError: 'BindingsExist',
    });

    expect(await client.unbind(id, 'b1', redisSmall)).toEqual({
      status: 'done',
    });
    expect(await client.unbind(id, 'b1', redisSmall)).toEqual({
      status: 'gone',
    });
    const deleting = await client.deprovision(id, redisSmall);
    expect(deleting.status).toBe('accepted');
    const done = await waitForLastOperation(
      client,
      id,
      { ...redisSmall, operation: deleting.operation },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(done.state).toBe('succeeded');
    expect(await client.deprovision(id, redisSmall)).toEqual({
      status: 'gone',
    });
    expect(await client.instanceExists(id)).toBe(false);
  });

  it('honours Retry-After while polling', async () => {
    const id = await provisioned();
    broker.faults.push((req, res) => {
      if (!req.path.endsWith('/last_operation')) return false;
      res.set('Retry-After', '1').json({ state: 'in progress' });
      return true;
    });
    setTimeout(() => (broker.faults.length = 0), 100);
    const started = Date.now();
    const result = await waitForLastOperation(client, id, redisSmall, {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    expect(result.state).toBe('succeeded');
    // One answer said "in progress, retry after 1 s": the client waited that long, not 10 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const polls = broker.requests.filter(
      r => r.path === `/v2/service_instances/${id}/last_operation`,
    );
    expect(polls.length).toBeLessThanOrEqual(4);
  });

  it('classifies 5xx, timeouts and malformed answers as needing orphan mitigation', async () => {
    const isProvision = (req: { method: string; path: string }) =>
      req.method === 'PUT' && !req.path.includes('service_bindings');
    for (const answer of [
      { status: 500 },
      { status: 201, raw: 'not json' },
      { delayMs: 3_000 },
    ]) {
      const id = uuid();
      leftovers.push(id);
      broker.faults.push(replaceAnswer(isProvision, answer));
      const error = await client
        .provision(id, { ...redisSmall, parameters: {}, context: {} })
        .catch(e => e);
      expect(error).toBeInstanceOf(OsbRequestError);
      expect(error.orphanMitigation).toBe(true);
      expect(error.transient).toBe(true);
      // The broker did create the instance: mitigation must delete it, retrying
      // through the broker's "still provisioning" answers.
      await broker.broker.runner.idle();
      expect(await mitigateOrphan(client, { instanceId: id }, redisSmall)).toBe(
        true,
      );
      await broker.broker.runner.idle();
      expect(await broker.engines.redis.exists(naming.resource(id))).toBe(
        false,
      );
    }
  });

  it('keeps retrying the DELETE through failures until the broker confirms', async () => {
    const id = await provisioned();
    const isDelete = (req: { method: string }) => req.method === 'DELETE';
    broker.faults.push(
      replaceAnswer(isDelete, { status: 503 }, 1),
      replaceAnswer(isDelete, { status: 200, raw: '<html>' }, 1),
    );
    // The first two DELETEs fail (the second after the broker already started deleting).
    expect(
      await mitigateOrphan(client, { instanceId: id }, redisSmall, {
        attempts: 5,
        initialDelayMs: 20,
      }),
    ).toBe(true);
    const deletes = broker.requests.filter(
      r => r.method === 'DELETE' && r.path.endsWith(id),
    );
    expect(deletes.length).toBeGreaterThanOrEqual(2);
    await broker.broker.runner.idle();
    expect(await client.instanceExists(id)).toBe(false);
  });

  it('reports a 4xx refusal without mitigation', async () => {
    const error = await client
      .provision(uuid(), {
        serviceId: redisSmall.serviceId,
        planId: 'no-such-plan',
        parameters: {},
        context: {},
      })
      .catch(e => e);
    expect(error).toMatchObject({
      kind: 'rejected',
      status: 400,
      orphanMitigation: false,
    });
    const wrongAuth = new OsbClient({
      url: broker.url,
      username: 'x',
      password: 'y',
    });
    await expect(wrongAuth.catalog()).rejects.toMatchObject({
      status: 401,
      kind: 'rejected',
    });
  });
});
