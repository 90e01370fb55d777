/*
 * Prints what a releases page costs with the console's watch cache, next to
 * the way Backstage's Kubernetes plugin fetches (one LIST per object type and
 * cluster on every page view). Runs against the devcluster:
 *
 *   yarn bench   (in plugins/console-backend)
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { ClusterCaches } from '../src/cache/ClusterCaches';
import {
  componentSelector,
  findWorkloads,
} from '../src/entities/EntityWorkloads';
import { deploymentReleases } from '../src/releases/revisions';
import { Deployment } from '../src/cache/types';
import { component } from '../src/__testUtils__/backend';
import { devcluster } from '../src/__testUtils__/devcluster';

const ITERATIONS = 200;

// Warnings only (e.g. a cluster that is down); no test framework needed.
const logger: LoggerService = {
  error: message => console.error(message),
  warn: message => console.warn(message),
  info: () => {},
  debug: () => {},
  child: () => logger,
};
const components = ['shop-web', 'shop-api', 'shop-worker'].map(
  name => componentSelector(component(name, 'storefront'))!,
);

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return `mean ${mean.toFixed(2)} ms, p50 ${at(0.5).toFixed(2)} ms, p95 ${at(
    0.95,
  ).toFixed(2)} ms`;
}

async function time(fn: () => Promise<unknown> | unknown) {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
  const { data } = await devcluster();
  const clusters = KubernetesClusters.fromConfig(new ConfigReader(data as any));
  const caches = new ClusterCaches({
    clusters,
    logger,
    namespaces: [],
    timing: {
      requestTimeoutMs: 15_000,
      watchTimeoutSeconds: 300,
      backoffInitialMs: 1000,
      backoffMaxMs: 60_000,
    },
    readyWaitMs: 60_000,
  });
  const sync = await time(async () => {
    caches.start();
    await Promise.all(
      caches.names().map(n => caches.read(n, c => c.freshness())),
    );
  });
  console.log(
    `clusters: ${caches
      .names()
      .join(', ')}; cache synced (5 resource types each) in ${sync.toFixed(
      0,
    )} ms`,
  );
  for (const name of caches.names()) {
    const health = caches.get(name).health();
    console.log(
      `  ${name}: ${health.cache.resources
        .map(r => `${r.resource}=${r.objects}`)
        .join(' ')}`,
    );
  }

  const cached: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    cached.push(
      await time(() =>
        caches.perCluster(cache => ({
          workloads: findWorkloads(cache, components).map(m =>
            deploymentReleases(
              m.object as Deployment,
              cache.list('replicasets', m.object.metadata.namespace),
              m.component.entityRef,
            ),
          ),
        })),
      ),
    );
  }
  console.log(
    `\nSystem 'shop' releases from the watch cache (${ITERATIONS} page views): ${summary(
      cached,
    )}; 0 API requests per view`,
  );

  // Backstage's Kubernetes plugin: per view, per cluster, per component, one LIST per type.
  const types = [
    '/apis/apps/v1/deployments',
    '/apis/apps/v1/replicasets',
    '/apis/apps/v1/statefulsets',
    '/api/v1/pods',
  ];
  const direct: number[] = [];
  const ids = ['shop-web', 'shop-api', 'shop-worker'];
  const requestsPerView = clusters.list().length * ids.length * types.length;
  for (let i = 0; i < ITERATIONS / 4; i++) {
    direct.push(
      await time(() =>
        Promise.all(
          clusters.list().flatMap(cluster =>
            ids.flatMap(id =>
              types.map(path =>
                cluster.getJson(path, {
                  labelSelector: `backstage.io/kubernetes-id=${id}`,
                }),
              ),
            ),
          ),
        ),
      ),
    );
  }
  console.log(
    `Same view with LISTs per request (${ITERATIONS / 4} views): ${summary(
      direct,
    )}; ${requestsPerView} API requests per view`,
  );
  await caches.stop();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
