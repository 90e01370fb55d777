import { WorkloadReleases } from '@paasport/plugin-console-common';
import { imageTag, serviceHealthRows, workloadHealth } from './serviceHealth';

function workload(extra: Partial<WorkloadReleases> = {}): WorkloadReleases {
  return {
    kind: 'Deployment',
    namespace: 'storefront',
    name: 'shop-web',
    entityRef: 'component:default/shop-web',
    resourceVersion: '1',
    paused: false,
    owner: { manager: 'none', evidence: [] },
    currentRevision: 3,
    rollout: { state: 'complete' },
    replicas: { desired: 3, ready: 3, updated: 3 },
    containers: ['web'],
    initContainers: [],
    revisions: [
      {
        revision: 3,
        name: 'shop-web-3',
        images: ['registry.paasport.dev/shop/web:1.2.0'],
        createdAt: '2026-11-23T20:00:00Z',
        replicas: { desired: 3, ready: 3 },
        status: 'current',
      },
    ],
    ...extra,
  };
}

describe('workloadHealth', () => {
  it('is healthy with every pod ready, and names the current release', () => {
    expect(workloadHealth(workload())).toEqual({
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'shop-web',
      ready: 3,
      desired: 3,
      state: 'healthy',
      revision: 3,
      versions: ['1.2.0'],
      comparable: false,
    });
  });

  it('can be compared with an earlier revision only when one is kept', () => {
    const earlier = {
      revision: 2,
      name: 'shop-web-2',
      images: ['registry.paasport.dev/shop/web:1.1.0'],
      createdAt: '2026-11-22T20:00:00Z',
      replicas: { desired: 0, ready: 0 },
      status: 'superseded' as const,
    };
    const current = workload().revisions[0];
    expect(
      workloadHealth(workload({ revisions: [current, earlier] })).comparable,
    ).toBe(true);
    // A later revision (rolled back from) is no "before".
    expect(
      workloadHealth(
        workload({ revisions: [{ ...earlier, revision: 4 }, current] }),
      ).comparable,
    ).toBe(false);
  });

  it.each([
    [{ rollout: { state: 'failed' as const } }, 'failed'],
    [{ paused: true }, 'paused'],
    [{ rollout: { state: 'progressing' as const } }, 'rolling out'],
    [{ replicas: { desired: 0, ready: 0, updated: 0 } }, 'scaled to zero'],
    [{ replicas: { desired: 3, ready: 1, updated: 3 } }, 'degraded'],
  ])('%p is %s', (extra, state) => {
    expect(workloadHealth(workload(extra)).state).toBe(state);
  });
});

describe('imageTag', () => {
  it('reads the tag, not a registry port', () => {
    expect(imageTag('registry:5000/shop/web:1.2.0')).toBe('1.2.0');
    expect(imageTag('registry:5000/shop/web')).toBe('registry:5000/shop/web');
    expect(imageTag('web:2@sha256:abc')).toBe('2');
  });
});

describe('serviceHealthRows', () => {
  it('gives every service a cell per cluster, marking unreachable clusters', () => {
    const { clusters, rows } = serviceHealthRows(
      ['component:default/shop-web', 'component:default/shop-docs'],
      {
        entityRef: 'system:default/shop',
        clusters: [
          {
            cluster: 'dev',
            cache: { synced: true, stale: false },
            workloads: [workload()],
          },
          {
            cluster: 'prod',
            error: { name: 'Error', message: 'connection refused' },
          },
        ],
      },
    );
    expect(clusters).toEqual(['dev', 'prod']);
    expect(rows).toEqual([
      {
        entityRef: 'component:default/shop-web',
        cells: [
          {
            cluster: 'dev',
            workloads: [expect.objectContaining({ state: 'healthy' })],
          },
          { cluster: 'prod', error: 'connection refused' },
        ],
      },
      {
        entityRef: 'component:default/shop-docs',
        cells: [
          { cluster: 'dev', workloads: [] },
          { cluster: 'prod', error: 'connection refused' },
        ],
      },
    ]);
  });
});
