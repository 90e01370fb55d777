import request from 'supertest';
import { Knex } from 'knex';
import { v4 as uuid } from 'uuid';
import { Broker } from '../createBroker';
import {
  osb,
  planIds,
  deleteQuery,
  mysqlService,
  redisService,
} from '../__testUtils__/osb';
import {
  requireServices,
  sqliteKnex,
  startBroker,
} from '../__testUtils__/services';

jest.setTimeout(60_000);

describe('OSB protocol', () => {
  let db: Knex;
  let broker: Broker;
  let close: () => Promise<void>;
  let api: ReturnType<typeof osb>;
  const created: string[] = [];

  beforeAll(async () => {
    await requireServices();
    db = sqliteKnex();
    const started = await startBroker(db);
    broker = started.broker;
    close = started.close;
    api = osb(broker.app);
  });

  afterAll(async () => {
    // Leave nothing on the shared servers: unbind and deprovision what we made.
    for (const id of created) {
      const row = await broker.store.getInstance(id);
      if (!row || row.state === 'deleted') continue;
      const bindings = await db('osb_bindings').where({ instance_id: id });
      for (const b of bindings) {
        await api.delete(
          `/v2/service_instances/${id}/service_bindings/${b.binding_id}?service_id=${row.service_id}&plan_id=${row.plan_id}`,
        );
      }
      await api.delete(
        `/v2/service_instances/${id}?service_id=${row.service_id}&plan_id=${row.plan_id}&accepts_incomplete=true`,
      );
    }
    await broker?.runner.idle();
    await close?.();
    await db?.destroy();
  });

  async function provision(service = mysqlService, parameters?: object) {
    const id = uuid();
    created.push(id);
    const res = await api
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .send({ ...planIds(service), parameters });
    expect(res.status).toBe(202);
    await broker.runner.idle();
    return { id, operation: res.body.operation as string };
  }

  it('demands basic auth', async () => {
    const none = await request(broker.app)
      .get('/v2/catalog')
      .set('X-Broker-API-Version', '2.17');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    const wrong = await request(broker.app)
      .get('/v2/catalog')
      .auth('platform', 'wrong-password')
      .set('X-Broker-API-Version', '2.17');
    expect(wrong.status).toBe(401);
  });

  it('checks the API version header', async () => {
    const auth = ['platform', 'correct-horse-battery'] as const;
    const missing = await request(broker.app)
      .get('/v2/catalog')
      .auth(...auth);
    expect(missing.status).toBe(400);
    expect(missing.body.description).toMatch(/X-Broker-API-Version/);
    for (const version of ['3.0', '2.10', 'latest']) {
      const res = await request(broker.app)
        .get('/v2/catalog')
        .auth(...auth)
        .set('X-Broker-API-Version', version);
      expect(res.status).toBe(412);
    }
    const older = await request(broker.app)
      .get('/v2/catalog')
      .auth(...auth)
      .set('X-Broker-API-Version', '2.14');
    expect(older.status).toBe(200);
  });

  it('accepts a well-formed originating identity, rejects a malformed one, echoes the request identity', async () => {
    const identity = Buffer.from(
      JSON.stringify({ user: 'user:default/alice' }),
    ).toString('base64');
    const ok = await api
      .get('/v2/catalog')
      .set('X-Broker-API-Originating-Identity', `backstage ${identity}`)
      .set('X-Broker-API-Request-Identity', 'req-1');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-broker-api-request-identity']).toBe('req-1');
    const bad = await api
      .get('/v2/catalog')
      .set('X-Broker-API-Originating-Identity', 'backstage not-json!');
    expect(bad.status).toBe(400);

    const id = uuid();
    created.push(id);
    await api
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .set('X-Broker-API-Originating-Identity', `backstage ${identity}`)
      .send(planIds(redisService))
      .expect(202);
    await broker.runner.idle();
    expect((await broker.store.getInstance(id))?.originating_identity).toBe(
      'backstage {"user":"user:default/alice"}',
    );
  });

  it('serves the catalog with plans and parameter schemas', async () => {
    const res = await api.get('/v2/catalog').expect(200);
    expect(res.body.services.map((s: { name: string }) => s.name)).toEqual([
      'mysql-shared',
      'redis-shared',
    ]);
    const mysqlPlans = res.body.services[0].plans;
    expect(mysqlPlans.map((p: { name: string }) => p.name)).toEqual([
      'small',
      'medium',
    ]);
    expect(
      mysqlPlans[0].schemas.service_instance.create.parameters.properties
        .charset.enum,
    ).toEqual(['utf8mb4', 'latin1']);
  });

  it('rejects invalid provision requests without creating anything', async () => {
    const id = uuid();
    const path = `/v2/service_instances/${id}`;
    const sync = await api.put(path).send(planIds(mysqlService));
    expect(sync.status).toBe(422);
    expect(sync.body.error).toBe('AsyncRequired');
    const unknown = await api
      .put(`${path}?accepts_incomplete=true`)
      .send({ service_id: mysqlService.id, plan_id: 'nope' });
    expect(unknown.status).toBe(400);
    const badParams = await api
      .put(`${path}?accepts_incomplete=true`)
      .send({ ...planIds(mysqlService), parameters: { charset: 'ebcdic' } });
    expect(badParams.status).toBe(400);
    expect(badParams.body.description).toMatch(/charset/);
    const extra = await api
      .put(`${path}?accepts_incomplete=true`)
      .send({ ...planIds(redisService), parameters: { size: 1 } });
    expect(extra.status).toBe(400);
    const missing = await api
      .put(`${path}?accepts_incomplete=true`)
      .send({ plan_id: 'x' });
    expect(missing.status).toBe(400);
    const malformed = await api
      .put(`${path}?accepts_incomplete=true`)
      .set('Content-Type', 'application/json')
      .send('{"service_id":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('BadRequest');
    const badId = await api
      .put('/v2/service_instances/a%20b?accepts_incomplete=true')
      .send(planIds(mysqlService));
    expect(badId.status).toBe(400);
    expect(await broker.store.getInstance(id)).toBeUndefined();
    await api.get(`${path}/last_operation`).expect(404);
  });

  it('provisions asynchronously and answers repeats idempotently', async () => {
    const { id, operation } = await provision(mysqlService, {
      charset: 'latin1',
    });
    const polled = await api
      .get(`/v2/service_instances/${id}/last_operation?operation=${operation}`)
      .expect(200);
    expect(polled.body.state).toBe('succeeded');
    const same = await api
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .send({ ...planIds(mysqlService), parameters: { charset: 'latin1' } });
    expect(same.status).toBe(200);
    const other = await api
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .send({ ...planIds(mysqlService, 1), parameters: { charset: 'latin1' } });
    expect(other.status).toBe(409);
    const fetched = await api.get(`/v2/service_instances/${id}`).expect(200);
    expect(fetched.body).toEqual({
      ...planIds(mysqlService),
      parameters: { charset: 'latin1' },
    });
  });

  it('lets concurrent identical PUTs create one instance and one operation', async () => {
    const id = uuid();
    created.push(id);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        api
          .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
          .send(planIds(redisService)),
      ),
    );
    await broker.runner.idle();
    expect(results.every(r => [200, 202].includes(r.status))).toBe(true);
    const operations = await db('osb_operations').where({ instance_id: id });
    expect(operations).toHaveLength(1);
    const ops = new Set(
      results.filter(r => r.status === 202).map(r => r.body.operation),
    );
    expect([...ops]).toEqual([operations[0].id]);
  });

  it('binds, refuses deprovisioning while bound, unbinds and deprovisions', async () => {
    const { id } = await provision(mysqlService);
    const bindingPath = `/v2/service_instances/${id}/service_bindings/b1`;
    const bound = await api
      .put(`${bindingPath}?accepts_incomplete=true`)
      .send({ ...planIds(mysqlService), bind_resource: { app_guid: 'shop' } });
    expect(bound.status).toBe(201);
    expect(Object.keys(bound.body.credentials).sort()).toEqual([
      'database',
      'host',
      'password',
      'port',
      'uri',
      'username',
    ]);
    const again = await api
      .put(bindingPath)
      .send({ ...planIds(mysqlService), bind_resource: { app_guid: 'shop' } });
    expect(again.status).toBe(200);
    expect(again.body.credentials).toEqual(bound.body.credentials);
    const differing = await api
      .put(bindingPath)
      .send({ ...planIds(mysqlService), bind_resource: { app_guid: 'other' } });
    expect(differing.status).toBe(409);
    expect((await api.get(bindingPath)).body.credentials.password).toBe(
      bound.body.credentials.password,
    );
    // Nothing in the state store is readable as plaintext.
    const stored = await db('osb_bindings').where({ instance_id: id }).first();
    expect(stored.credentials).not.toContain(bound.body.credentials.password);

    const blocked = await api.delete(
      `/v2/service_instances/${id}?${deleteQuery(mysqlService)}`,
    );
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toBe('BindingsExist');
    await api
      .delete(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .expect(400);
    const sync = await api.delete(
      `/v2/service_instances/${id}?service_id=${mysqlService.id}&plan_id=${mysqlService.plans[0].id}`,
    );
    expect(sync.status).toBe(422);

    await api.delete(`${bindingPath}?${deleteQuery(mysqlService)}`).expect(200);
    await api.delete(`${bindingPath}?${deleteQuery(mysqlService)}`).expect(410);
    await api.get(bindingPath).expect(404);

    const gone = await api.delete(
      `/v2/service_instances/${id}?${deleteQuery(mysqlService)}`,
    );
    expect(gone.status).toBe(202);
    await broker.runner.idle();
    const polled = await api.get(
      `/v2/service_instances/${id}/last_operation?operation=${gone.body.operation}`,
    );
    expect(polled.body).toEqual({
      state: 'succeeded',
      description: 'Deprovisioned',
    });
    await api
      .delete(`/v2/service_instances/${id}?${deleteQuery(mysqlService)}`)
      .expect(410);
    await api.get(`/v2/service_instances/${id}/last_operation`).expect(200);
    await api.get(`/v2/service_instances/${id}`).expect(404);
  });

  it('refuses to bind an unknown instance or with a mismatching plan', async () => {
    const unknown = await api
      .put(`/v2/service_instances/${uuid()}/service_bindings/x`)
      .send(planIds(mysqlService));
    expect(unknown.status).toBe(404);
    const { id } = await provision(redisService);
    const mismatch = await api
      .put(`/v2/service_instances/${id}/service_bindings/x`)
      .send(planIds(redisService, 1));
    expect(mismatch.status).toBe(400);
    expect(await broker.store.getBinding(id, 'x')).toBeUndefined();
  });
});
