/*
 * Issue 5's benchmark: the console's releases read against Backstage's
 * Kubernetes plugin, in one backend process, on three isolated local
 * clusters with 2,000 pods each. See README.md next to this file.
 *
 *   yarn workspace @paasport/plugin-console-backend bench [--views 200] [--keep]
 */
import {
  ClusterReleases,
  ClustersResponse,
  isClusterError,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { component } from '../src/__testUtils__/backend';
import { benchAdmin } from './admin';
import { attributePortalRequests, countRequests } from './apiserverRequests';
import { BenchBackend, startBenchBackend } from './benchBackend';
import {
  benchClustersPurge,
  benchClustersUp,
  BenchClusterOptions,
} from './benchClusters';
import { comparePageViews, quiesce } from './pageViews';
import { BenchResult, formatReport } from './report';
import { timeRollback } from './rollbackTiming';
import {
  describeCluster,
  ENTITY,
  seedCluster,
  waitUntilSettled,
} from './seedLoad';

const { values: args } = parseArgs({
  options: {
    views: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    pods: { type: 'string', default: '2000' },
    'port-base': { type: 'string', default: '17000' },
    state: {
      type: 'string',
      default: path.join(os.tmpdir(), 'paasport-console-bench'),
    },
    // Leave the clusters running (and reuse them next time) instead of purging.
    keep: { type: 'boolean', default: false },
  },
});
const views = Number(args.views);
const pods = Number(args.pods);
const clusterOptions: BenchClusterOptions = {
  stateDir: args.state!,
  portBase: Number(args['port-base']),
  names: ['bench-a', 'bench-b', 'bench-c'],
  // kwok nodes take 110 pods each; leave room for a rollout's surge.
  nodes: Math.ceil((pods * 1.1) / 110),
};
const entity = component(ENTITY.name, ENTITY.namespace, 'shop');

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Asserts both plugins see the entity's 50 pods on every cluster. */
async function checkAnswers(backend: BenchBackend) {
  const releases = (await backend.consoleReleases<ReleasesResponse>()).body;
  for (const entry of releases.clusters) {
    const w = isClusterError(entry)
      ? undefined
      : (entry as ClusterReleases).workloads[0];
    if (w?.replicas.ready !== ENTITY.replicas) {
      throw new Error(
        `console answer for ${entry.cluster}: ${JSON.stringify(entry).slice(
          0,
          300,
        )}`,
      );
    }
  }
  const workloads = (
    await backend.kubernetesWorkloads<{
      items: Array<{
        cluster: { name: string };
        errors: unknown[];
        resources: Array<{ type: string; resources: unknown[] }>;
      }>;
    }>()
  ).body;
  for (const item of workloads.items) {
    const podCount = item.resources.find(r => r.type === 'pods')?.resources
      .length;
    if (item.errors.length || podCount !== ENTITY.replicas) {
      throw new Error(
        `kubernetes answer for ${
          item.cluster.name
        }: ${podCount} pods, errors ${JSON.stringify(item.errors)}`,
      );
    }
  }
  if (workloads.items.length !== clusterOptions.names.length) {
    throw new Error(
      `kubernetes answered for ${workloads.items.length} clusters`,
    );
  }
}

async function run(upMs: number): Promise<BenchResult> {
  const names = clusterOptions.names;
  const admins = await Promise.all(names.map(benchAdmin));

  log(
    `seeding ${pods} pods per cluster (${ENTITY.replicas} of ${ENTITY.name})`,
  );
  const seedStarted = performance.now();
  await Promise.all(names.map(name => seedCluster(name, pods)));
  await Promise.all(
    names.map(name => waitUntilSettled(name, 20 * 60_000, log)),
  );
  const seedMs = performance.now() - seedStarted;
  const clusters = await Promise.all(names.map(describeCluster));
  for (const c of clusters) {
    if (c.runningPods < pods || c.entityPods !== ENTITY.replicas) {
      throw new Error(`${c.cluster} is not seeded: ${JSON.stringify(c)}`);
    }
  }
  await Promise.all(admins.map(attributePortalRequests));
  log('waiting for the apiservers to calm down after seeding');
  const quietStarted = performance.now();
  const quietRate = await quiesce(
    admins,
    { perClusterPerSecond: 6, timeoutMs: 5 * 60_000 },
    log,
  );
  const quiet = { ms: performance.now() - quietStarted, rate: quietRate };

  log('starting one backend with both plugins');
  let backend: BenchBackend | undefined;
  const sync = await countRequests(admins, async () => {
    backend = await startBenchBackend(entity);
    for (;;) {
      const { body } = await backend.call<ClustersResponse>(
        'GET',
        'console/clusters',
      );
      if (body.clusters.every(c => c.cache.synced)) return;
      await sleep(100);
    }
  });
  if (sync.portal === 0) {
    throw new Error(
      'the portal FlowSchema counted nothing: the request counts would be wrong',
    );
  }
  const b = backend!;
  try {
    await checkAnswers(b);
    log(`page views: ${views} each after ${args.warmup} warm-up`);
    const [consoleViews, kubernetesViews] = await comparePageViews({
      admins,
      views,
      warmup: Number(args.warmup),
      rounds: Number(args.rounds),
      contenders: [
        { label: 'console releases', view: () => b.consoleReleases() },
        {
          label: 'kubernetes workloads/query',
          view: () => b.kubernetesWorkloads(),
        },
      ],
    });
    const idle = await countRequests(admins, () => sleep(10_000));

    log('rolling back through the console on each cluster');
    const rollbacks = [];
    for (const admin of admins) {
      const counted = await countRequests(admins, () => timeRollback(b, admin));
      rollbacks.push({ ...counted.result, portalRequests: counted.portal });
    }
    return {
      entityRef: `component:default/${ENTITY.name}`,
      clusters,
      upMs,
      seedMs,
      quiet,
      sync: { ms: sync.ms, portalRequests: sync.portal },
      console: consoleViews,
      kubernetes: kubernetesViews,
      idle: {
        portalPerSecond: idle.portal / (idle.ms / 1000),
        allPerSecond: idle.all / (idle.ms / 1000),
      },
      rollbacks,
    };
  } finally {
    await b.stop();
  }
}

async function main() {
  let purging: Promise<void> | undefined;
  const purge = () => {
    purging ??= args.keep
      ? Promise.resolve()
      : benchClustersPurge(clusterOptions).then(
          () => log('bench clusters purged'),
          // Reported, not thrown: it must not hide why the run failed.
          error => log(`purging the bench clusters failed: ${error}`),
        );
    return purging;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the bench clusters`);
      purge().finally(() => process.exit(130));
    });
  }
  log(
    `starting ${clusterOptions.names.join(', ')} (state ${
      clusterOptions.stateDir
    }, ports ${clusterOptions.portBase}+, ${
      clusterOptions.nodes
    } kwok nodes each)`,
  );
  try {
    const upMs = await benchClustersUp(clusterOptions);
    const result = await run(upMs);
    console.log(`\n${formatReport(result)}\n`);
  } finally {
    await purge();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
