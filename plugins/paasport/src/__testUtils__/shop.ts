import { fakeBackend } from './fakeBackend';
import { Entity } from '@backstage/catalog-model';
import {
  ReleasesResponse,
  WorkloadReleases,
} from '@paasport/plugin-console-common';

/** The demo System shop, as the catalog serves it. */
export const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'shop',
    namespace: 'default',
    description: 'The online shop, its API and background jobs',
    links: [{ url: 'https://shop.acme.dev', title: 'Storefront' }],
  },
  spec: { owner: 'group:default/storefront' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/storefront' },
    { type: 'hasPart', targetRef: 'component:default/shop-api' },
    { type: 'hasPart', targetRef: 'component:default/shop-web' },
  ],
};

function component(name: string, type: string, dependsOn: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type, owner: 'group:default/storefront', system: 'shop' },
    relations: [
      { type: 'partOf', targetRef: 'system:default/shop' },
      { type: 'ownedBy', targetRef: 'group:default/storefront' },
      ...dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
    ],
  };
}

export const shopWeb = component('shop-web', 'website', [
  'component:default/shop-api',
]);
export const shopApi = component('shop-api', 'service', [
  'component:default/payments-api',
  'resource:default/shop-db',
]);
/** Part of another System: must not show up as a service of shop. */
export const paymentsApi: Entity = {
  ...component('payments-api', 'service', []),
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    system: 'payments',
  },
  relations: [{ type: 'partOf', targetRef: 'system:default/payments' }],
};

function workload(
  name: string,
  extra: Partial<WorkloadReleases> = {},
): WorkloadReleases {
  return {
    kind: 'Deployment',
    namespace: 'storefront',
    name,
    entityRef: `component:default/${name}`,
    resourceVersion: '1',
    paused: false,
    owner: { manager: 'none', evidence: [] },
    currentRevision: 3,
    rollout: { state: 'complete' },
    replicas: { desired: 3, ready: 3, updated: 3 },
    containers: [name],
    initContainers: [],
    revisions: [
      {
        revision: 3,
        name: `${name}-3`,
        images: [`registry.paasport.dev/shop/${name}:1.2.0`],
        createdAt: '2026-11-23T20:00:00Z',
        replicas: { desired: 3, ready: 3 },
        status: 'current',
      },
    ],
    ...extra,
  };
}

/** shop on dev (all well), prod (shop-api degraded) and a cluster that is down. */
export const shopReleases: ReleasesResponse = {
  entityRef: 'system:default/shop',
  clusters: [
    {
      cluster: 'dev',
      cache: { synced: true, stale: false },
      workloads: [workload('shop-api'), workload('shop-web')],
    },
    {
      cluster: 'prod',
      cache: { synced: true, stale: false },
      workloads: [
        workload('shop-api', {
          replicas: { desired: 3, ready: 1, updated: 3 },
          currentRevision: 2,
          revisions: [
            {
              revision: 2,
              name: 'shop-api-2',
              images: ['registry.paasport.dev/shop/shop-api:1.1.0'],
              createdAt: '2026-11-22T20:00:00Z',
              replicas: { desired: 3, ready: 1 },
              status: 'current',
            },
          ],
        }),
      ],
    },
    {
      cluster: 'stage',
      error: { name: 'Error', message: 'connect ECONNREFUSED' },
    },
  ],
};

/**
 * Backstage's fetch API answering the console backend's releases endpoint
 * for shop with `answer`; records the URLs asked for.
 */
export function consoleFetch(answer: () => ReleasesResponse | Error) {
  return fakeBackend(url => {
    if (!url.endsWith('/entities/system/default/shop/releases')) {
      return undefined;
    }
    const value = answer();
    return value instanceof Error
      ? {
          status: 503,
          body: {
            error: { name: 'Error', message: value.message },
            request: { method: 'GET', url },
            response: { statusCode: 503 },
          },
        }
      : { status: 200, body: value };
  });
}
