import { Entity } from '@backstage/catalog-model';
import {
  ReleaseDiffResponse,
  ReleaseMatrixResponse,
  ReleasesResponse,
  Revision,
  RevisionComparisonResponse,
  RevisionMeasurement,
  RollbackStatus,
  WorkloadReleases,
} from '@paasport/plugin-console-common';

/** A Component the console can show, as in catalog/applications. */
export const shopWeb: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop-web',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'shop-web',
      'backstage.io/kubernetes-namespace': 'storefront',
    },
  },
  spec: { type: 'website', owner: 'group:default/storefront', system: 'shop' },
};

/** The System shop-web belongs to. */
export const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/storefront' },
};

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3600_000).toISOString();

/** A revision with defaults; override what a test cares about. */
export function revision(
  number: number,
  status: Revision['status'],
  extra: Partial<Revision> = {},
): Revision {
  return {
    revision: number,
    name: `shop-web-${number}abc`,
    images: [`registry.local/shop-web:1.${number}.0`],
    changeCause: `deploy 1.${number}.0`,
    createdAt: hoursAgo(10 - number),
    replicas:
      status === 'current'
        ? { desired: 2, ready: 2 }
        : { desired: 0, ready: 0 },
    status,
    ...extra,
  };
}

/** The shop-web Deployment on one cluster, revisions newest first. */
export function workload(
  extra: Partial<WorkloadReleases> = {},
): WorkloadReleases {
  return {
    kind: 'Deployment',
    namespace: 'storefront',
    name: 'shop-web',
    entityRef: 'component:default/shop-web',
    resourceVersion: '4711',
    paused: false,
    owner: { manager: 'none', evidence: [] },
    currentRevision: 3,
    rollout: { state: 'complete' },
    replicas: { desired: 2, ready: 2, updated: 2 },
    containers: ['shop-web'],
    initContainers: [],
    revisions: [
      revision(3, 'current'),
      revision(2, 'superseded'),
      revision(1, 'superseded'),
    ],
    ...extra,
  };
}

/** Releases of shop-web: dev answers, prod does not. */
export function releasesWithFailingProd(): ReleasesResponse {
  return {
    entityRef: 'component:default/shop-web',
    clusters: [
      {
        cluster: 'dev',
        cache: { synced: true, stale: false },
        workloads: [workload()],
      },
      {
        cluster: 'prod',
        error: { name: 'ServiceUnavailableError', message: 'prod is down' },
      },
    ],
  };
}

/** shop's fleet: shop-web drifts between dev and prod, shop-api does not. */
export const shopMatrix: ReleaseMatrixResponse = {
  entityRef: 'system:default/shop',
  clusters: ['dev', 'prod'],
  freshness: {
    dev: { synced: true, stale: false },
    prod: { synced: true, stale: false },
  },
  rows: [
    {
      entityRef: 'component:default/shop-api',
      cells: ['dev', 'prod'].map(cluster => ({
        cluster,
        workloads: [
          {
            kind: 'Deployment' as const,
            namespace: 'storefront',
            name: 'shop-api',
            revision: cluster === 'dev' ? 3 : 4,
            images: ['registry.local/shop-api:2.0.0'],
            rollout: 'complete' as const,
          },
        ],
      })),
    },
    {
      entityRef: 'component:default/shop-web',
      cells: [
        {
          cluster: 'dev',
          workloads: [
            {
              kind: 'Deployment',
              namespace: 'storefront',
              name: 'shop-web',
              revision: 3,
              images: ['registry.local/shop-web:1.3.0'],
              rollout: 'complete',
            },
          ],
        },
        {
          cluster: 'prod',
          workloads: [
            {
              kind: 'Deployment',
              namespace: 'storefront',
              name: 'shop-web',
              revision: 2,
              images: ['registry.local/shop-web:1.2.0'],
              rollout: 'progressing',
            },
          ],
        },
      ],
    },
  ],
};

/** The diff of shop-web on dev from revision 3 to `to`: the image tag. */
export const releaseDiff = (to: number): ReleaseDiffResponse => ({
  cluster: 'dev',
  kind: 'Deployment',
  namespace: 'storefront',
  name: 'shop-web',
  from: 3,
  to,
  changes: [
    {
      path: 'spec.containers[shop-web].image',
      change: 'changed',
      from: 'registry.local/shop-web:1.3.0',
      to: `registry.local/shop-web:1.${to}.0`,
    },
  ],
});

/** A rollback of shop-web on dev from revision 3 to 2. */
export const rollbackStatus = (
  extra: Partial<RollbackStatus>,
): RollbackStatus => ({
  id: '6f1c1a4e-4c7b-4a8e-9a51-0d3c2b1a0f00',
  entityRef: 'component:default/shop-web',
  cluster: 'dev',
  namespace: 'storefront',
  kind: 'Deployment',
  name: 'shop-web',
  fromRevision: 3,
  toRevision: 2,
  reason: 'bad release',
  actor: 'user:default/guest',
  forced: false,
  status: 'progressing',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...extra,
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What a revision of shop-web served, measured over its last 2 hours. */
export function measurement(
  revisionNumber: number,
  errorRate: number | null,
  latencyP95: number | null,
  extra: Partial<RevisionMeasurement> = {},
): RevisionMeasurement {
  const end = nowSeconds() - (extra.current?.until ? 7200 : 0);
  return {
    revision: revisionNumber,
    current: { since: end - 7200 },
    window: { start: end - 7200, end },
    requests: errorRate === null ? 40 : 52_000,
    errorRate,
    latencyP95,
    ...extra,
  };
}

/**
 * shop-web's revision `revision` (6.1 % errors, p95 490 ms) against
 * `against` (0.4 %, 48 ms): the demo's bad release.
 */
export function badReleaseComparison(
  revisionNumber = 3,
  against = 2,
): Extract<RevisionComparisonResponse, { state: 'ok' }> {
  const end = nowSeconds();
  return {
    state: 'ok',
    cluster: 'dev',
    kind: 'Deployment',
    namespace: 'storefront',
    name: 'shop-web',
    revision: measurement(revisionNumber, 0.061, 0.49),
    against: measurement(against, 0.004, 0.048, {
      current: { since: end - 30 * 3600, until: end - 7200 },
      window: { start: end - 26 * 3600, end: end - 7200 },
    }),
    verdict: { overall: 'worse', errorRate: 'worse', latencyP95: 'worse' },
  };
}
