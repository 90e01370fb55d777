/*
 * Discovery at scale on the local devcluster: 10,000 Deployments (replicas 0,
 * so kwok has no pods to fake) in namespace bench-discovery, half on dev and
 * half on prod, each its own Component, grouped into 100 Systems. Measures:
 *
 *  - the first full ingestion into a real catalog backend with an empty
 *    database: provider run (lists -> catalog read -> build -> mutation
 *    applied), then until the catalog serves every entity;
 *  - a delta after 100 changes (50 relabelled, 25 deleted, 25 created), and a
 *    run with no changes, the cost of every scheduled tick;
 *  - listing one cluster with client-node's typed calls versus raw JSON.
 *
 * Usage: yarn bench [--rounds 3] [--count 10000] [--pg]
 * --pg uses the local PostgreSQL (as production does) instead of SQLite.
 * The namespaces are deleted at the end, also after a failure.
 */
import {
  KubernetesCluster,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import { JsonObject } from '@backstage/types';
import { Client } from 'pg';
import { adminApis, devcluster } from '../src/__testUtils__/devcluster';
import { listWorkloads } from '../src/discovery/listWorkloads';
import { startCatalog } from './benchCatalog';
import {
  changeWorkloads,
  createWorkloads,
  deleteNamespace,
} from './benchWorkloads';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rounds = option('rounds', 3);
const count = option('count', 10_000);
const usePg = args.includes('--pg');
const CLUSTERS = ['dev', 'prod'];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const row = (what: string, values: number[], unit = seconds) =>
  console.log(
    `  ${what.padEnd(52)} median ${unit(median(values)).padStart(
      9,
    )}   runs: ${values.map(unit).join(', ')}`,
  );

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

async function database(round: number): Promise<JsonObject> {
  if (!usePg) return { client: 'better-sqlite3', connection: ':memory:' };
  const pg = { host: '127.0.0.1', port: 5432, user: 'postgres' };
  return {
    client: 'pg',
    connection: pg,
    prefix: `paasport_bench_${process.pid}_${round}_`,
  };
}

async function dropPgDatabases() {
  if (!usePg) return;
  const client = new Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`paasport_bench_${process.pid}_%`],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  }
  await client.end();
}

async function main() {
  const { data, config } = await devcluster();
  const apis = Object.fromEntries(
    await Promise.all(
      CLUSTERS.map(async c => [c, await adminApis(c)] as const),
    ),
  );
  const perCluster = Math.ceil(count / CLUSTERS.length);
  console.log(
    `Discovery benchmark: ${
      perCluster * CLUSTERS.length
    } Deployments in ${CLUSTERS.join(' + ')}, ${rounds} rounds, catalog on ${
      usePg ? 'PostgreSQL' : 'SQLite (in memory)'
    }`,
  );
  await Promise.all(CLUSTERS.map(c => deleteNamespace(apis[c])));
  const [, createMs] = await timed(() =>
    Promise.all(CLUSTERS.map(c => createWorkloads(apis[c], c, perCluster))),
  );
  console.log(`  setup: created the Deployments in ${seconds(createMs)}`);

  const figures = {
    listRaw: [] as number[],
    listTyped: [] as number[],
    fullRun: [] as number[],
    fullClusters: [] as number[],
    fullApply: [] as number[],
    served: [] as number[],
    deltaRun: [] as number[],
    deltaCatalog: [] as number[],
    deltaClusters: [] as number[],
    deltaApply: [] as number[],
    idleRun: [] as number[],
  };
  const clusters = KubernetesClusters.fromConfig(config);
  const dev = clusters.get('dev')!;
  for (let round = 0; round < rounds; round++) {
    figures.listTyped.push((await timed(() => listWorkloads(dev)))[1]);
    figures.listRaw.push((await timed(() => listRaw(dev)))[1]);
  }

  let entities = 0;
  for (let round = 0; round < rounds; round++) {
    const catalog = await startCatalog({
      devclusterData: data,
      database: await database(round),
    });
    try {
      await catalog.waitForCatalogFiles();
      const baseline = await catalog.count();
      const [full, fullMs] = await timed(() => catalog.provider.run());
      if (full.mutation !== 'full')
        throw new Error(`expected a full mutation, got ${full.mutation}`);
      entities = full.entities;
      figures.fullRun.push(fullMs);
      figures.fullClusters.push(full.timings.clusters);
      figures.fullApply.push(full.timings.apply);
      const started = performance.now();
      // Every discovered entity processed, stitched and served.
      while ((await catalog.count()) < baseline + full.entities) {
        if (performance.now() - started > 20 * 60_000)
          throw new Error('catalog did not catch up in 20 min');
        await new Promise(r => setTimeout(r, 250));
      }
      figures.served.push(performance.now() - started + fullMs);

      const changes = await changeWorkloads(apis.dev, 'dev', round, perCluster);
      const [delta, deltaMs] = await timed(() => catalog.provider.run());
      console.log(
        `  round ${round + 1}: ${full.entities} entities; ${JSON.stringify(
          changes,
        )} -> ` + `delta +${delta.added} -${delta.removed}`,
      );
      figures.deltaRun.push(deltaMs);
      figures.deltaCatalog.push(delta.timings.catalog);
      figures.deltaClusters.push(delta.timings.clusters);
      figures.deltaApply.push(delta.timings.apply);
      const [idle, idleMs] = await timed(() => catalog.provider.run());
      if (idle.mutation !== 'none')
        console.log(`  note: idle run sent ${idle.mutation}`);
      figures.idleRun.push(idleMs);
    } finally {
      await catalog.stop();
    }
  }

  console.log(`\nResults (${entities} entities emitted):`);
  row(
    `list dev (${perCluster} bench Deployments), typed calls`,
    figures.listTyped,
  );
  row('list dev, raw JSON (for comparison)', figures.listRaw);
  row('first full ingestion: provider run -> mutation', figures.fullRun);
  row('  of which listing both clusters', figures.fullClusters);
  row('  of which applyMutation (full) + state write', figures.fullApply);
  row('first full ingestion: until the catalog serves all', figures.served);
  row('delta after 100 changes: provider run -> mutation', figures.deltaRun);
  row('  of which reading teams and declared entities', figures.deltaCatalog);
  row('  of which listing both clusters', figures.deltaClusters);
  row(
    '  of which diff, applyMutation (delta), state write',
    figures.deltaApply,
  );
  row('run without changes (every scheduled tick)', figures.idleRun);
}

/** The raw-JSON alternative to listWorkloads' typed calls, for comparison. */
async function listRaw(cluster: KubernetesCluster) {
  let items = 0;
  for (const resource of ['deployments', 'statefulsets']) {
    let token: string | undefined;
    do {
      const page = await cluster.getJson<{
        items: Array<{ metadata: { labels?: Record<string, string> } }>;
        metadata: { continue?: string };
      }>(`/apis/apps/v1/${resource}`, {
        labelSelector: 'app.kubernetes.io/name',
        limit: 500,
        continue: token,
      });
      items += page.items.filter(i => i.metadata.labels).length;
      token = page.metadata.continue || undefined;
    } while (token);
  }
  return items;
}

async function cleanup() {
  const apis = await Promise.all(CLUSTERS.map(c => adminApis(c)));
  const [ms] = await Promise.all(apis.map(deleteNamespace));
  console.log(`  cleanup: deleted namespace bench-discovery in ${seconds(ms)}`);
  await dropPgDatabases();
}

main()
  .then(cleanup)
  .catch(async error => {
    console.error(error);
    await cleanup().catch(e => console.error(`cleanup failed: ${e}`));
    process.exitCode = 1;
  })
  .finally(() => process.exit());
