import {
  ClusterReleases,
  ClustersResponse,
  isClusterError,
  ReleaseMatrixResponse,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import request from 'supertest';
import {
  component,
  startConsoleBackend,
  system,
} from './__testUtils__/backend';

// Reads the demo workloads of the running devcluster; fails if it is down.
jest.setTimeout(120_000);

const demo = [
  system('shop'),
  component('shop-web', 'storefront', 'shop'),
  component('shop-api', 'storefront', 'shop'),
  component('shop-worker', 'storefront', 'shop'),
  component('payments-ledger-db', 'payments'),
];

describe('console backend: releases, matrix, metrics and cluster health', () => {
  let server: Awaited<ReturnType<typeof startConsoleBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startConsoleBackend({
      entities: demo,
      withoutPrometheus: ['prod'],
    });
    server = started.server;
    stop = () => started.backend.stop();
  });

  afterAll(() => stop());

  it('reports each cluster cache; the down one with its error', async () => {
    const res = await request(server).get('/api/console/clusters');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      (res.body as ClustersResponse).clusters.map(c => [c.name, c]),
    );
    expect(byName.dev.cache).toMatchObject({ synced: true, stale: false });
    expect(byName.dev.cache.resources).toHaveLength(5);
    expect(byName.prod.prometheus).toBe('unconfigured');
    expect(byName.down.cache.synced).toBe(false);
    expect(byName.down.cache.lastError).toMatch(/ECONNREFUSED/);
  });

  it('lists release history per cluster while a down cluster gives an error entry', async () => {
    const started = Date.now();
    const res = await request(server).get(
      '/api/console/entities/component/default/shop-web/releases',
    );
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const body = res.body as ReleasesResponse;
    expect(body.entityRef).toBe('component:default/shop-web');
    const [dev, prod, down] = body.clusters;
    expect(down).toMatchObject({
      cluster: 'down',
      error: { name: 'ServiceUnavailableError' },
    });
    for (const entry of [dev, prod] as ClusterReleases[]) {
      expect(entry.cache.synced).toBe(true);
      const [web] = entry.workloads;
      expect(web).toMatchObject({
        kind: 'Deployment',
        namespace: 'storefront',
        name: 'shop-web',
        owner: { manager: 'none' },
      });
      expect(web.revisions.length).toBeGreaterThanOrEqual(3);
      const current = web.revisions.find(
        r => r.revision === web.currentRevision,
      )!;
      expect(current.status).toBe('current');
      expect(current.images[0]).toMatch(
        /^registry\.paasport\.dev\/shop\/web:1\.\d\.\d$/,
      );
      expect(web.revisions.filter(r => r.status === 'superseded').length).toBe(
        web.revisions.length - 1,
      );
      expect(
        web.revisions.some(r => r.changeCause?.startsWith('deploy shop-web')),
      ).toBe(true);
    }
  });

  it('shows StatefulSet history from ControllerRevisions', async () => {
    const res = await request(server).get(
      '/api/console/entities/component/default/payments-ledger-db/releases?cluster=dev',
    );
    expect(res.status).toBe(200);
    const [dev] = (res.body as ReleasesResponse).clusters as ClusterReleases[];
    expect(dev.workloads[0]).toMatchObject({
      kind: 'StatefulSet',
      name: 'payments-ledger-db',
    });
    expect(dev.workloads[0].revisions.map(r => r.images[0])).toEqual([
      'registry.paasport.dev/payments/ledger-db:8.4.2',
      'registry.paasport.dev/payments/ledger-db:8.4.1',
    ]);
  });

  it('aggregates a System and shows the fleet matrix', async () => {
    const res = await request(server).get(
      '/api/console/entities/system/default/shop/matrix',
    );
    expect(res.status).toBe(200);
    const matrix = res.body as ReleaseMatrixResponse;
    expect(matrix.clusters).toEqual(['dev', 'prod', 'down']);
    // Freshness per column, like the releases' per cluster.
    expect(matrix.freshness).toEqual({
      dev: { synced: true, stale: false },
      prod: { synced: true, stale: false },
      down: { synced: false, stale: false },
    });
    expect(matrix.rows.map(r => r.entityRef)).toEqual([
      'component:default/shop-api',
      'component:default/shop-web',
      'component:default/shop-worker',
    ]);
    const worker = matrix.rows[2].cells;
    const image = (cluster: string) => {
      const cell = worker.find(c => c.cluster === cluster)!;
      return isClusterError(cell)
        ? cell.error.name
        : cell.workloads[0].images[0];
    };
    // prod lags behind on purpose in the demo seed
    expect(image('prod')).toBe('registry.paasport.dev/shop/worker:1.1.0');
    expect(image('down')).toBe('ServiceUnavailableError');

    const releases = await request(server).get(
      '/api/console/entities/system/default/shop/releases?cluster=dev',
    );
    const [dev] = (releases.body as ReleasesResponse)
      .clusters as ClusterReleases[];
    expect(dev.workloads.map(w => w.entityRef)).toEqual(
      matrix.rows.map(r => r.entityRef),
    );
  });

  it('diffs the pod templates of two revisions', async () => {
    const res = await request(server).get(
      '/api/console/entities/component/default/shop-api/releases/diff?cluster=dev&workload=shop-api&from=1&to=3',
    );
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.containers[shop-api].image',
          change: 'changed',
          from: 'registry.paasport.dev/shop/api:1.0.0',
          to: 'registry.paasport.dev/shop/api:1.2.0',
        },
        {
          path: 'metadata.labels["app.kubernetes.io/version"]',
          change: 'changed',
          from: '1.0.0',
          to: '1.2.0',
        },
        // Environment values are never shown, only that they changed.
        {
          path: 'spec.containers[shop-api].env[APP_VERSION].value',
          change: 'changed',
        },
      ]),
    );
    const missing = await request(server).get(
      '/api/console/entities/component/default/shop-api/releases/diff?cluster=dev&workload=shop-api&from=1&to=99',
    );
    expect(missing.status).toBe(404);
    const invalid = await request(server).get(
      '/api/console/entities/component/default/shop-api/releases/diff?cluster=dev&workload=shop-api&from=one&to=2',
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^Invalid query: from:/);
  });

  it('charts metrics from Prometheus, with release markers', async () => {
    const res = await request(server).get(
      '/api/console/entities/component/default/shop-api/metrics?cluster=dev&workload=shop-api&range=30m',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'ok', cluster: 'dev', errors: {} });
    for (const name of [
      'cpu',
      'memory',
      'requestRate',
      'errorRate',
      'latencyP95',
    ]) {
      expect(res.body.series[name].length).toBeGreaterThan(0);
    }
    const [, memory] = res.body.series.memory.at(-1);
    expect(memory).toBeGreaterThan(50 * 1024 * 1024);
    expect(res.body.range.step).toBe(15);

    const prod = await request(server).get(
      '/api/console/entities/component/default/shop-api/metrics?cluster=prod&workload=shop-api',
    );
    expect(prod.body).toMatchObject({ state: 'unconfigured', cluster: 'prod' });
  });
});
