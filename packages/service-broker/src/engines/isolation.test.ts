import { Knex } from 'knex';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import { v4 as uuid } from 'uuid';
import { Broker } from '../createBroker';
import { RESERVATIONS_KEY } from './RedisEngine';
import {
  deleteQuery,
  mysqlService,
  osb,
  planIds,
  redisService,
} from '../__testUtils__/osb';
import {
  REDIS_URL,
  requireServices,
  sqliteKnex,
  startBroker,
} from '../__testUtils__/services';

jest.setTimeout(60_000);

type Credentials = Record<string, string> & { port: number };

/**
 * End to end against the real MariaDB and Redis: what a bound user can and
 * cannot do, and that revoked credentials stop working at once.
 */
describe('tenant isolation on the shared servers', () => {
  let db: Knex;
  let broker: Broker;
  let close: () => Promise<void>;
  let api: ReturnType<typeof osb>;
  const cleanup: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    await requireServices();
    db = sqliteKnex();
    ({ broker, close } = await startBroker(db));
    api = osb(broker.app);
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await broker?.runner.idle();
    await close?.();
    await db?.destroy();
  });

  async function instanceWithBinding(service: typeof mysqlService) {
    const id = uuid();
    await api
      .put(`/v2/service_instances/${id}?accepts_incomplete=true`)
      .send(planIds(service))
      .expect(202);
    await broker.runner.idle();
    const bound = await api
      .put(`/v2/service_instances/${id}/service_bindings/app`)
      .send(planIds(service))
      .expect(201);
    const unbind = () =>
      api.delete(
        `/v2/service_instances/${id}/service_bindings/app?${deleteQuery(
          service,
        )}`,
      );
    const deprovision = async () => {
      const res = await api.delete(
        `/v2/service_instances/${id}?${deleteQuery(service)}`,
      );
      await broker.runner.idle();
      return res;
    };
    cleanup.push(deprovision, unbind);
    return {
      id,
      credentials: bound.body.credentials as Credentials,
      unbind,
      deprovision,
    };
  }

  function connectMysql(c: Credentials) {
    return mysql.createConnection({
      host: c.host,
      port: c.port,
      user: c.username,
      password: c.password,
    });
  }

  function connectRedis(c: Credentials) {
    return new Redis({
      host: c.host,
      port: c.port,
      username: c.username,
      password: c.password,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      enableReadyCheck: false,
    });
  }

  /** AUTH as the bound user on a fresh connection; resolves to the server's answer. */
  async function authenticate(c: Credentials): Promise<string> {
    const client = new Redis({
      host: c.host,
      port: c.port,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      return String(await client.call('AUTH', c.username, c.password));
    } catch (e) {
      return (e as Error).message;
    } finally {
      client.disconnect();
    }
  }

  it('confines a MySQL binding to its own database and revokes it completely', async () => {
    const a = await instanceWithBinding(mysqlService);
    const b = await instanceWithBinding(mysqlService);
    const conn = await connectMysql(a.credentials);
    await conn.query(`USE \`${a.credentials.database}\``);
    await conn.query('CREATE TABLE orders (id INT PRIMARY KEY, total INT)');
    await conn.query('INSERT INTO orders VALUES (1, 42)');
    const [rows] = await conn.query('SELECT total FROM orders');
    expect(rows).toEqual([{ total: 42 }]);

    await expect(
      conn.query(`USE \`${b.credentials.database}\``),
    ).rejects.toMatchObject({ code: 'ER_DBACCESS_DENIED_ERROR' });
    await expect(
      conn.query(`CREATE TABLE \`${b.credentials.database}\`.x (id INT)`),
    ).rejects.toMatchObject({ code: 'ER_TABLEACCESS_DENIED_ERROR' });
    await expect(conn.query('CREATE DATABASE sneaky')).rejects.toMatchObject({
      code: 'ER_DBACCESS_DENIED_ERROR',
    });
    await expect(conn.query('SELECT * FROM mysql.user')).rejects.toMatchObject({
      code: 'ER_TABLEACCESS_DENIED_ERROR',
    });
    const [visible] = await conn.query<mysql.RowDataPacket[]>('SHOW DATABASES');
    expect(visible.map(r => r.Database)).not.toContain(b.credentials.database);

    await a.unbind().then(r => expect(r.status).toBe(200));
    // The open session is killed, and no new one is allowed.
    await expect(conn.query('SELECT 1')).rejects.toBeTruthy();
    conn.destroy();
    await expect(connectMysql(a.credentials)).rejects.toMatchObject({
      // MariaDB answers 1045 or, for a dropped account, 1698 (…_NO_PASSWORD_ERROR).
      code: expect.stringMatching(/^ER_ACCESS_DENIED/),
    });

    await a.deprovision().then(r => expect(r.status).toBe(202));
    const other = await connectMysql(b.credentials);
    const [dbs] = await other.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [a.credentials.database],
    );
    expect(dbs).toHaveLength(0);
    await other.end();
    expect(await broker.store.getInstance(a.id)).toMatchObject({
      state: 'deleted',
    });
  });

  it('confines a Redis binding to its own prefix and revokes it completely', async () => {
    const a = await instanceWithBinding(redisService);
    const b = await instanceWithBinding(redisService);
    const admin = new Redis(REDIS_URL);
    try {
      const clientA = connectRedis(a.credentials);
      const clientB = connectRedis(b.credentials);
      await clientA.connect();
      await clientB.connect();
      const own = `${a.credentials.keyPrefix}cart`;
      const theirs = `${b.credentials.keyPrefix}cart`;
      await clientA.set(own, 'a');
      await clientB.set(theirs, 'b');
      expect(await clientA.get(own)).toBe('a');
      await expect(clientA.get(theirs)).rejects.toThrow(/NOPERM/);
      await expect(clientA.set('unprefixed', '1')).rejects.toThrow(/NOPERM/);
      for (const command of [
        ['keys', '*'],
        ['scan', '0'],
        ['flushall'],
        ['config', 'get', 'maxmemory'],
        ['acl', 'list'],
        ['select', '1'],
        ['randomkey'],
      ]) {
        await expect(
          clientA.call(command[0], ...command.slice(1)),
        ).rejects.toThrow(/NOPERM/);
      }
      await expect(
        clientA.publish(`${b.credentials.keyPrefix}events`, 'x'),
      ).rejects.toThrow(/NOPERM/);
      expect(
        await clientA.publish(`${a.credentials.keyPrefix}events`, 'x'),
      ).toBe(0);

      await a.unbind().then(r => expect(r.status).toBe(200));
      await expect(clientA.get(own)).rejects.toBeTruthy();
      clientA.disconnect();
      expect(await authenticate(a.credentials)).toMatch(/^WRONGPASS/);
      expect(await authenticate(b.credentials)).toBe('OK');

      await a.deprovision().then(r => expect(r.status).toBe(202));
      expect(await admin.exists(own)).toBe(0);
      expect(
        await admin.hexists(
          RESERVATIONS_KEY,
          a.credentials.keyPrefix.slice(0, -1),
        ),
      ).toBe(0);
      // The neighbour is untouched.
      expect(await clientB.get(theirs)).toBe('b');
      clientB.disconnect();
    } finally {
      admin.disconnect();
    }
  });

  it('removes users left behind by a crash when deprovisioning', async () => {
    const a = await instanceWithBinding(redisService);
    const m = await instanceWithBinding(mysqlService);
    // Simulate a platform that lost track of the bindings: drop only the broker's rows.
    await db('osb_bindings').whereIn('instance_id', [a.id, m.id]).delete();
    await a.deprovision().then(r => expect(r.status).toBe(202));
    await m.deprovision().then(r => expect(r.status).toBe(202));
    expect(await authenticate(a.credentials)).toMatch(/^WRONGPASS/);
    await expect(connectMysql(m.credentials)).rejects.toMatchObject({
      // MariaDB answers 1045 or, for a dropped account, 1698 (…_NO_PASSWORD_ERROR).
      code: expect.stringMatching(/^ER_ACCESS_DENIED/),
    });
  });
});
