/* eslint-disable no-console */
/**
 * 200 concurrent instance requests through the real broker on PostgreSQL,
 * with two processors as two backend replicas would run them. Prints
 * figures; it is a measurement, not a test with a time limit.
 *
 *   yarn workspace @paasport/plugin-marketplace-backend bench
 */
import express from 'express';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  createBroker,
  MysqlEngine,
  naming,
  RedisEngine,
  silentLogger,
} from '@paasport/service-broker';
import { marketplaceApp, percentile, scratchDatabase } from './fixtures';

const COUNT = Number(process.env.BENCH_REQUESTS ?? 200);
const AUTH = { username: 'bench', password: 'bench-password-123' };

async function listen(app: express.Express) {
  return new Promise<{ url: string; close: () => Promise<void> }>(resolve => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise(r => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

async function timed(latencies: number[], url: string, init: RequestInit = {}) {
  const start = performance.now();
  const res = await fetch(url, {
    ...init,
    headers: {
      'x-user': 'user:default/bench',
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  const body = await res.json();
  latencies.push(performance.now() - start);
  return { status: res.status, body };
}

async function main() {
  const brokerDb = await scratchDatabase('broker_bench');
  const portalDb = await scratchDatabase('marketplace_bench');
  const engines = {
    mysql: MysqlEngine.create({
      url: process.env.PAASPORT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
    }),
    redis: RedisEngine.create({
      url: process.env.PAASPORT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    }),
  };
  const broker = await createBroker({
    database: brokerDb.knex,
    engines,
    encryptionKey: randomBytes(32).toString('base64'),
    ...AUTH,
    logger: silentLogger,
  });
  const puts = new Map<string, number>();
  const brokerApp = express()
    .use((req, _res, next) => {
      const m = /^\/v2\/service_instances\/([^/]+)$/.exec(req.path);
      if (req.method === 'PUT' && m) puts.set(m[1], (puts.get(m[1]) ?? 0) + 1);
      next();
    })
    .use(broker.app);
  const brokerServer = await listen(brokerApp);
  const mp = await marketplaceApp(portalDb.knex, brokerServer.url, AUTH);
  const api = await listen(mp.app);
  const base = `${api.url}/api/marketplace`;
  const createLatency: number[] = [];
  const pollLatency: number[] = [];

  try {
    console.log(
      `Creating ${COUNT} requests concurrently (half MySQL, half Redis, 10 teams)…`,
    );
    const started = performance.now();
    const created = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        timed(createLatency, `${base}/requests`, {
          method: 'POST',
          headers: { 'Idempotency-Key': `bench-${i}` },
          body: JSON.stringify({
            offeringId: i % 2 ? 'redis' : 'mysql',
            planId: 'small',
            name: `bench-${i}`,
            system: `system:default/app-${mp.teams[i % mp.teams.length]}`,
            parameters: {},
          }),
        }),
      ),
    );
    const bad = created.filter(r => r.status !== 201);
    if (bad.length)
      throw new Error(
        `${bad.length} creates failed: ${JSON.stringify(bad[0])}`,
      );
    const ids = created.map(r => r.body.id as string);
    const createdAt = performance.now();

    // Two replicas work while users poll their requests.
    const [a, b] = [mp.processor(), mp.processor()];
    let done = false;
    const polling = (async () => {
      while (!done) {
        await Promise.all(
          ids
            .slice(0, 20)
            .map(id => timed(pollLatency, `${base}/requests/${id}`)),
        );
      }
    })();
    const [byA, byB] = await Promise.all([
      a.runUntilIdle({ maxDurationMs: 300_000 }),
      b.runUntilIdle({ maxDurationMs: 300_000 }),
    ]);
    const readyAt = performance.now();
    done = true;
    await polling;

    const rows = await portalDb.knex('marketplace_requests').whereIn('id', ids);
    const ready = rows.filter(r => r.state === 'ready').length;
    const brokerReady = await brokerDb
      .knex('osb_instances')
      .where('state', 'ready')
      .count({ n: '*' });
    const duplicates = [...puts.values()].filter(n => n > 1).length;
    const brokerIds = (
      await brokerDb.knex('osb_instances').select('instance_id')
    ).map(r => r.instance_id);
    const orphans = brokerIds.filter(id => !ids.includes(id)).length;
    let onServers = 0;
    for (const id of ids)
      if (
        await engines[
          rows.find(r => r.id === id)!.offering_id === 'redis'
            ? 'redis'
            : 'mysql'
        ].exists(naming.resource(id))
      )
        onServers++;

    console.log(`\nProvisioning`);
    console.log(
      `  API create latency     p50 ${percentile(createLatency, 50).toFixed(
        1,
      )} ms, p99 ${percentile(createLatency, 99).toFixed(
        1,
      )} ms (${COUNT} concurrent)`,
    );
    console.log(
      `  all ${COUNT} accepted in    ${(createdAt - started).toFixed(0)} ms`,
    );
    console.log(
      `  all ready after        ${((readyAt - started) / 1000).toFixed(
        2,
      )} s (processors worked ${byA} + ${byB} items)`,
    );
    console.log(
      `  API read latency       p50 ${percentile(pollLatency, 50).toFixed(
        1,
      )} ms, p99 ${percentile(pollLatency, 99).toFixed(1)} ms (${
        pollLatency.length
      } reads during processing)`,
    );
    console.log(`  requests ready         ${ready}/${COUNT}`);
    console.log(
      `  broker instances ready ${Number(
        brokerReady[0].n,
      )} (exactly ${COUNT} expected)`,
    );
    console.log(`  on MariaDB/Redis       ${onServers}/${COUNT}`);
    console.log(`  duplicate provisions   ${duplicates}`);
    console.log(`  orphans at the broker  ${orphans}`);

    const deleteStarted = performance.now();
    await Promise.all(
      ids.map(id =>
        timed(createLatency, `${base}/requests/${id}`, { method: 'DELETE' }),
      ),
    );
    await Promise.all([
      a.runUntilIdle({ maxDurationMs: 300_000 }),
      b.runUntilIdle({ maxDurationMs: 300_000 }),
    ]);
    const deleted = await portalDb
      .knex('marketplace_requests')
      .whereIn('id', ids)
      .where('state', 'deleted')
      .count({ n: '*' });
    let left = 0;
    for (const id of ids)
      if (
        (await engines.mysql.exists(naming.resource(id))) ||
        (await engines.redis.exists(naming.resource(id)))
      )
        left++;
    console.log(`\nDeprovisioning`);
    console.log(
      `  all deleted after      ${(
        (performance.now() - deleteStarted) /
        1000
      ).toFixed(2)} s`,
    );
    console.log(`  requests deleted       ${Number(deleted[0].n)}/${COUNT}`);
    console.log(`  left on MariaDB/Redis  ${left}`);
    console.log(`  audit events           ${mp.audits()}`);
    const ok =
      ready === COUNT &&
      Number(brokerReady[0].n) === COUNT &&
      onServers === COUNT &&
      duplicates === 0 &&
      orphans === 0 &&
      left === 0;
    console.log(
      `\n${
        ok ? 'OK' : 'FAILED'
      }: ${COUNT} instances, no duplicates, no orphans, nothing left behind`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await api.close();
    await brokerServer.close();
    await broker.runner.idle();
    await engines.mysql.close();
    await engines.redis.close();
    await portalDb.drop();
    await brokerDb.drop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
