import { Knex } from 'knex';
import { v4 as uuid } from 'uuid';
import { BrokerStore } from '../store/BrokerStore';
import {
  deleteQuery,
  mysqlService,
  osb,
  planIds,
  redisService,
} from '../__testUtils__/osb';
import {
  createPgDatabase,
  realEngines,
  requireServices,
  startBroker,
} from '../__testUtils__/services';
import { naming } from './naming';

jest.setTimeout(60_000);

/** Engines whose provisioning waits until the test opens (or breaks) the gate. */
function gatedEngines() {
  const engines = realEngines();
  let open: () => void = () => {};
  let fail: (e: Error) => void = () => {};
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  const provision = engines.redis.provision.bind(engines.redis);
  engines.redis.provision = async (...args) => {
    await gate;
    return provision(...args);
  };
  return {
    engines,
    open: () => open(),
    crash: () => fail(new Error('process died')),
  };
}

describe('asynchronous operations on a PostgreSQL state store', () => {
  let pg: { knex: Knex; drop: () => Promise<void> };

  beforeAll(async () => {
    await requireServices();
    pg = await createPgDatabase();
  });
  afterAll(async () => {
    await pg?.drop();
  });

  it('reports in progress with Retry-After and answers repeated PUTs with 202 and the same operation', async () => {
    const { engines, open } = gatedEngines();
    const { broker, close } = await startBroker(pg.knex, engines);
    const api = osb(broker.app);
    const id = uuid();
    try {
      const first = await api
        .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
        .send(planIds(redisService));
      expect(first.status).toBe(202);
      const repeat = await api
        .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
        .send(planIds(redisService));
      expect(repeat.status).toBe(202);
      expect(repeat.body.operation).toBe(first.body.operation);
      const polled = await api.get(
        `/v2/service_instances/${id}/last_operation?operation=${first.body.operation}`,
      );
      expect(polled.body.state).toBe('in progress');
      expect(polled.headers['retry-after']).toBe('1');
      await api.get(`/v2/service_instances/${id}`).expect(404);
      await api
        .put(`/v2/service_instances/${id}/service_bindings/b`)
        .send(planIds(redisService))
        .expect(422);
      const early = await api.delete(
        `/v2/service_instances/${id}?${deleteQuery(redisService)}`,
      );
      expect(early.body.error).toBe('ConcurrencyError');
      open();
      await broker.runner.idle();
      const done = await api.get(
        `/v2/service_instances/${id}/last_operation?operation=${first.body.operation}`,
      );
      expect(done.body.state).toBe('succeeded');
      expect(done.headers['retry-after']).toBeUndefined();
      await api
        .delete(`/v2/service_instances/${id}?${deleteQuery(redisService)}`)
        .expect(202);
    } finally {
      open();
      await close();
    }
  });

  it('resumes an operation interrupted by a restart and keeps state across restarts', async () => {
    // A broker that dies while provisioning: the gate never opens.
    const crashed = gatedEngines();
    const first = await startBroker(pg.knex, crashed.engines);
    const api1 = osb(first.broker.app);
    const id = uuid();
    const res = await api1
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .send(planIds(redisService));
    expect(res.status).toBe(202);
    expect((await first.broker.store.getInstance(id))?.state).toBe(
      'provisioning',
    );

    // The replacement process picks the operation up on start.
    const second = await startBroker(pg.knex);
    try {
      expect(second.broker.resumed).toBeGreaterThanOrEqual(1);
      await second.broker.runner.idle();
      expect(await second.engines.redis.exists(naming.resource(id))).toBe(true);
      const api2 = osb(second.broker.app);
      const polled = await api2.get(
        `/v2/service_instances/${id}/last_operation?operation=${res.body.operation}`,
      );
      expect(polled.body.state).toBe('succeeded');
      await api2
        .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
        .send(planIds(redisService))
        .expect(200);
      await api2
        .delete(`/v2/service_instances/${id}?${deleteQuery(redisService)}`)
        .expect(202);
      await second.broker.runner.idle();
      expect(await second.engines.redis.exists(naming.resource(id))).toBe(
        false,
      );
      // The dead process's late failure must not overwrite the recorded outcome.
      crashed.crash();
      await first.broker.runner.idle();
      const after = await api2.get(
        `/v2/service_instances/${id}/last_operation`,
      );
      expect(after.status).toBe(200);
      expect((await second.broker.store.getInstance(id))?.state).toBe(
        'deleted',
      );
    } finally {
      crashed.crash();
      await first.close();
      await second.close();
    }
  });

  it('migrates up and down on PostgreSQL', async () => {
    const scratch = await createPgDatabase();
    try {
      await BrokerStore.create(scratch.knex);
      for (const table of ['osb_instances', 'osb_operations', 'osb_bindings']) {
        expect(await scratch.knex.schema.hasTable(table)).toBe(true);
      }
      const comments = await scratch.knex.raw(
        `SELECT col_description('osb_instances'::regclass, ordinal_position) AS c
           FROM information_schema.columns WHERE table_name = 'osb_instances'`,
      );
      expect(comments.rows.every((r: { c: string | null }) => !!r.c)).toBe(
        true,
      );
      await BrokerStore.rollbackAll(scratch.knex);
      for (const table of ['osb_instances', 'osb_operations', 'osb_bindings']) {
        expect(await scratch.knex.schema.hasTable(table)).toBe(false);
      }
    } finally {
      await scratch.drop();
    }
  });

  it('keeps MySQL instances across restarts too', async () => {
    const first = await startBroker(pg.knex);
    const id = uuid();
    await osb(first.broker.app)
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .send(planIds(mysqlService))
      .expect(202);
    await first.close();
    const second = await startBroker(pg.knex);
    try {
      const api = osb(second.broker.app);
      await api
        .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
        .send(planIds(mysqlService))
        .expect(200);
      await api
        .delete(`/v2/service_instances/${id}?${deleteQuery(mysqlService)}`)
        .expect(202);
      await second.broker.runner.idle();
      expect(await second.engines.mysql.exists(naming.resource(id))).toBe(
        false,
      );
    } finally {
      await second.close();
    }
  });
});
