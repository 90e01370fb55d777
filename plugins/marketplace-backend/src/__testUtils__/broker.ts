import express from 'express';
import knexFactory, { Knex } from 'knex';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import {
  Broker,
  createBroker,
  MysqlEngine,
  RedisEngine,
  silentLogger,
} from '@paasport/service-broker';

export const MYSQL_URL =
  process.env.PAASPORT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const REDIS_URL =
  process.env.PAASPORT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const BROKER_AUTH = {
  username: 'portal',
  password: 'broker-secret-123',
};

/** Fails the suite loudly when MariaDB or Redis is down. */
export async function requireBrokerServices() {
  const url = new URL(MYSQL_URL);
  const problems: string[] = [];
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
  if (problems.length)
    throw new Error(
      `Required test services unreachable: ${problems.join('; ')}`,
    );
}

/** Lets a test break individual broker responses (orphan mitigation, Retry-After). */
export type Fault = (
  req: express.Request,
  res: express.Response,
  next: express.NextFunction,
) => boolean;

export interface TestBroker {
  url: string;
  broker: Broker;
  engines: { mysql: MysqlEngine; redis: RedisEngine };
  /** Every request the broker received: method, path, headers. */
  requests: Array<{
    method: string;
    path: string;
    url: string;
    headers: Record<string, unknown>;
  }>;
  faults: Fault[];
  close(): Promise<void>;
}

/** The real broker on a random loopback port, its state in SQLite (or the knex given). */
export async function startTestBroker(database?: Knex): Promise<TestBroker> {
  const db =
    database ??
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  const engines = {
    mysql: MysqlEngine.create({ url: MYSQL_URL }),
    redis: RedisEngine.create({ url: REDIS_URL }),
  };
  const broker = await createBroker({
    database: db,
    engines,
    encryptionKey: randomBytes(32).toString('base64'),
    ...BROKER_AUTH,
    logger: silentLogger,
  });
  const requests: TestBroker['requests'] = [];
  const faults: Fault[] = [];
  const app = express();
  app.use((req, res, next) => {
    requests.push({
      method: req.method,
      path: req.path,
      url: req.originalUrl,
      headers: { ...req.headers },
    });
    for (const fault of faults) {
      if (fault(req, res, next)) return;
    }
    next();
  });
  app.use(broker.app);
  const server: Server = await new Promise(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    broker,
    engines,
    requests,
    faults,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await broker.runner.idle();
      await engines.mysql.close();
      await engines.redis.close();
      if (!database) await db.destroy();
    },
  };
}

/**
 * A fault that lets the broker do the work, then replaces its answer:
 * the situation orphan mitigation exists for.
 */
export function replaceAnswer(
  match: (req: express.Request) => boolean,
  answer: { status?: number; raw?: string; delayMs?: number },
  times = 1,
): Fault {
  let left = times;
  return (req, res, next) => {
    if (left <= 0 || !match(req)) return false;
    left--;
    const send = res.send.bind(res);
    res.json = (() => {
      const deliver = () => {
        if (answer.status) res.status(answer.status);
        res.type('application/json');
        send(answer.raw ?? JSON.stringify({ description: 'injected failure' }));
      };
      if (answer.delayMs) setTimeout(deliver, answer.delayMs);
      else deliver();
      return res;
    }) as typeof res.json;
    next();
    return true;
  };
}
