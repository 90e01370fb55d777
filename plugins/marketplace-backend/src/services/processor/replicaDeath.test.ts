import { naming } from '@paasport/service-broker';
import {
  BROKER_AUTH,
  requireBrokerServices,
  startTestBroker,
  TestBroker,
} from '../../__testUtils__/broker';
import { createTestDatabases } from '../../__testUtils__/databases';
import { createHarness, storefront } from '../../__testUtils__/harness';
import { ReplicaProcess, startReplica } from '../../__testUtils__/replica';
import { toDate } from '../../database/rows';
import { OsbClient, OsbProvider } from '../../providers/osb';

jest.setTimeout(120_000);

/** Long enough for an unrelated provisioning to finish inside it. */
const LEASE_MS = 10_000;

describe('a replica killed mid-provision, on PostgreSQL', () => {
  const databases = createTestDatabases(['POSTGRES_15']);
  let broker: TestBroker;
  let replica: ReplicaProcess | undefined;
  /** The broker's answers to provision PUTs, per instance id. */
  const provisionAnswers = new Map<
    string,
    Array<{ status: number; body: { operation?: string } }>
  >();

  beforeAll(async () => {
    await requireBrokerServices();
    broker = await startTestBroker();
    broker.faults.push((req, res) => {
      const match = req.path.match(/^\/v2\/service_instances\/([^/]+)$/);
      if (req.method !== 'PUT' || !match) return false;
      const json = res.json.bind(res);
      res.json = body => {
        const answers = provisionAnswers.get(match[1]) ?? [];
        answers.push({ status: res.statusCode, body });
        provisionAnswers.set(match[1], answers);
        return json(body);
      };
      return false;
    });
  });
  afterAll(async () => {
    await replica?.kill();
    await broker?.close();
  });

  it('lets another replica take its request over within one lease, records it, and delays nothing else', async () => {
    const knex = await databases.init('POSTGRES_15');
    const osb = new OsbProvider(
      'shared',
      new OsbClient({ url: broker.url, ...BROKER_AUTH }),
    );
    const h = await createHarness(knex, [osb]);
    const create = async (name: string) =>
      (
        await h.requests.create(
          {
            offeringId: 'redis',
            planId: 'small',
            name,
            system: storefront.system,
            parameters: {},
          },
          storefront,
          'user:default/alice',
        )
      ).request;

    // Replica A takes the request; the broker provisions; A is killed before
    // it can record anything (the fault seen in production).
    const interrupted = await create('orders-cache');
    replica = startReplica({
      connection: knex.client.config.connection,
      brokerUrl: broker.url,
      leaseMs: LEASE_MS,
    });
    const [, deadOwner] = await replica.line(/^owner (\S+)$/);
    await replica.line(new RegExp(`^provisioned ${interrupted.id}$`));
    await replica.kill();
    const killedAt = Date.now();
    const abandoned = (await h.store.getRequest(interrupted.id))!;
    expect(abandoned).toMatchObject({
      state: 'pending',
      lease_owner: deadOwner,
    });
    const leaseEnd = toDate(abandoned.lease_expires_at!).getTime();
    expect(leaseEnd).toBeLessThanOrEqual(killedAt + LEASE_MS);

    // Replica B works on, round after round, as its scheduler would.
    const unrelated = await create('sessions-cache');
    const b = h.processor({ leaseMs: LEASE_MS });
    const state = async (id: string) => (await h.store.getRequest(id))!.state;
    const deadline = killedAt + LEASE_MS + 30_000;
    while (
      (await state(interrupted.id)) !== 'ready' ||
      (await state(unrelated.id)) !== 'ready'
    ) {
      if (Date.now() > deadline) {
        throw new Error(
          `Not ready in time: ${await state(interrupted.id)}, ${await state(
            unrelated.id,
          )}`,
        );
      }
      await b.runOnce();
      await new Promise(resolve => setTimeout(resolve, 50));
    }

    // The unrelated request did not wait for the dead replica's lease.
    const readyAt = async (id: string) =>
      toDate(
        (await h.store.listEvents(id)).find(e => e.to_state === 'ready')!
          .created_at,
      ).getTime();
    expect(await readyAt(unrelated.id)).toBeLessThan(leaseEnd);

    // B could not know A's PUT had reached the broker, so it sent it again.
    // OSB makes the identical repeat a no-op: the broker answers with the
    // operation it already runs, or 200 once it is done, and starts nothing.
    const puts = broker.requests.filter(
      r =>
        r.method === 'PUT' &&
        r.path === `/v2/service_instances/${interrupted.id}`,
    );
    expect(puts).toHaveLength(2);
    const [first, repeat] = provisionAnswers.get(interrupted.id)!;
    expect(first.status).toBe(202);
    const repeatStillRunning = repeat.status === 202;
    expect(repeat).toEqual(
      repeatStillRunning
        ? { status: 202, body: { operation: first.body.operation } }
        : { status: 200, body: {} },
    );

    // The history tells the interruption and the takeover, within one lease.
    const history = await h.store.listEvents(interrupted.id);
    expect(history.map(e => [e.from_state, e.to_state, e.actor])).toEqual([
      [null, 'pending', 'user:default/alice'],
      ['pending', 'pending', 'processor'],
      ...(repeatStillRunning
        ? [
            ['pending', 'provisioning', 'processor'],
            ['provisioning', 'ready', 'processor'],
          ]
        : [['pending', 'ready', 'processor']]),
    ]);
    expect(history[1].message).toBe(
      `${deadOwner} stopped holding this request (lease expired at ${new Date(
        leaseEnd,
      ).toISOString()}); taken over by ${b.owner}`,
    );
    const takenOverAt = toDate(history[1].created_at).getTime();
    expect(takenOverAt).toBeGreaterThanOrEqual(leaseEnd);
    expect(takenOverAt - killedAt).toBeLessThan(LEASE_MS + 3_000);

    const instance = await broker.broker.store.getInstance(interrupted.id);
    expect(instance).toMatchObject({
      state: 'ready',
      operation_id: first.body.operation,
    });
    expect(
      await broker.engines.redis.exists(naming.resource(interrupted.id)),
    ).toBe(true);
    expect(provisionAnswers.get(unrelated.id)).toHaveLength(1);
  });
});
