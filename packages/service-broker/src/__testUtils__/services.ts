import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createBroker, Broker } from '../createBroker';
import { MysqlEngine } from '../engines/MysqlEngine';
import { RedisEngine } from '../engines/RedisEngine';
import { silentLogger } from '../logger';

/** The services every machine of this project runs on loopback. */
export const MYSQL_URL =
  process.env.PAASPORT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const REDIS_URL =
  process.env.PAASPORT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL =
  process.env.PAASPORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export const BROKER_USER = 'platform';
export const BROKER_PASSWORD = 'correct-horse-battery';

/**
 * Throws a clear error when a required service is down, so that a missing
 * database fails the suite instead of quietly skipping it.
 */
export async function requireServices() {
  const problems: string[] = [];
  const url = new URL(MYSQL_URL);
  await mysql
    .createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: url.username,
      password: url.password,
    })
    .then(c => c.end())
    .catch(e => problems.push(`MariaDB at ${MYSQL_URL}: ${e.message}`));
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  await redis
    .connect()
    .then(() => redis.quit())
    .catch(e => problems.push(`Redis at ${REDIS_URL}: ${e.message}`));
  if (problems.length) {
    throw new Error(
      `Required test services unreachable: ${problems.join('; ')}`,
    );
  }
}

/** A fresh PostgreSQL database of its own, dropped by `drop()`. */
export async function createPgDatabase(): Promise<{
  knex: Knex;
  drop: () => Promise<void>;
}> {
  const name = `broker_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: `${PG_URL}/postgres` });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (e) {
    await admin.destroy();
    throw new Error(
      `PostgreSQL at ${PG_URL} unusable: ${(e as Error).message}`,
    );
  }
  const knex = knexFactory({ client: 'pg', connection: `${PG_URL}/${name}` });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** An in-memory SQLite state store. */
export function sqliteKnex(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
}

export function realEngines() {
  return {
    mysql: MysqlEngine.create({ url: MYSQL_URL }),
    redis: RedisEngine.create({ url: REDIS_URL }),
  };
}

export const TEST_KEY = randomBytes(32).toString('base64');

/** A broker on a random loopback port. */
export async function startBroker(
  database: Knex,
  engines = realEngines(),
): Promise<{
  broker: Broker;
  url: string;
  engines: ReturnType<typeof realEngines>;
  close: () => Promise<void>;
}> {
  const broker = await createBroker({
    database,
    engines,
    encryptionKey: TEST_KEY,
    username: BROKER_USER,
    password: BROKER_PASSWORD,
    logger: silentLogger,
  });
  const server: Server = await new Promise(resolve => {
    const s = broker.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    broker,
    engines,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise(resolve => server.close(resolve));
      await broker.runner.idle();
      await engines.mysql.close();
      await engines.redis.close();
    },
  };
}
