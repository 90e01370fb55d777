import { Entity } from '@backstage/catalog-model';
import {
  DecommissionApi,
  DecommissionPlan,
  DecommissionRun,
  DecommissionRunItem,
} from '@paasport/plugin-decommission-common';

export const legacySystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'legacy', namespace: 'default' },
  spec: { owner: 'group:default/storefront' },
};

export const legacyPlan: DecommissionPlan = {
  entityRef: 'system:default/legacy',
  kind: 'System',
  confirmationText: 'legacy',
  entityRefs: ['system:default/legacy', 'component:default/legacy-api'],
  items: [
    {
      key: 'kubernetes:dev:apps/v1/Deployment:legacy/legacy-api',
      step: 'kubernetes',
      action: 'delete',
      title: 'Deployment legacy/legacy-api on dev',
      entityRef: 'component:default/legacy-api',
      target: {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'legacy',
        name: 'legacy-api',
        uid: 'u-1',
      },
    },
    {
      key: 'kubernetes:prod:v1/Secret:legacy/legacy-db',
      step: 'kubernetes',
      action: 'delete',
      title: 'Secret legacy/legacy-db on prod',
      target: {
        type: 'kubernetes',
        cluster: 'prod',
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'legacy',
        name: 'legacy-db',
        uid: 'u-2',
      },
    },
    {
      key: 'middleware:unavailable',
      step: 'middleware',
      action: 'none',
      title: 'Middleware instances',
      note: 'Not checked and not removed: the marketplace backend is not installed',
      target: { type: 'none' },
    },
    {
      key: 'catalog:location:l-1',
      step: 'catalog',
      action: 'unregister',
      title: 'Location url:https://git/legacy/catalog-info.yaml',
      target: {
        type: 'location',
        locationId: 'l-1',
        locationRef: 'url:https://git/legacy/catalog-info.yaml',
        entityRefs: ['component:default/legacy-api', 'system:default/legacy'],
      },
    },
  ],
  blockers: [],
  fingerprint: 'a'.repeat(64),
  generatedAt: '2026-11-23T22:00:00.000Z',
};

export function runOf(
  status: DecommissionRun['status'],
  itemStatus: (i: number) => Partial<DecommissionRunItem>,
): DecommissionRun {
  const items = legacyPlan.items.map((item, i) => ({
    ...item,
    status:
      item.action === 'none' ? ('skipped' as const) : ('pending' as const),
    ...itemStatus(i),
  }));
  const summary = { pending: 0, done: 0, failed: 0, skipped: 0 };
  for (const item of items) summary[item.status]++;
  return {
    id: '6f1b5a0e-6d59-4a57-9c3b-2f0d4d7c9e11',
    entityRef: 'system:default/legacy',
    kind: 'System',
    actor: 'user:default/guest',
    status,
    attempts: 1,
    createdAt: '2026-11-23T22:00:00.000Z',
    updatedAt: '2026-11-23T22:00:05.000Z',
    items,
    summary,
  };
}

/** A DecommissionApi whose methods are jest mocks with sensible defaults. */
export function fakeDecommissionApi(
  overrides: Partial<DecommissionApi> = {},
): jest.Mocked<DecommissionApi> {
  return {
    getPreview: jest.fn(async () => legacyPlan),
    start: jest.fn(async () => ({
      run: runOf('running', () => ({})),
      created: true,
    })),
    getRun: jest.fn(async () =>
      runOf('succeeded', i =>
        i === 2 ? {} : { status: 'done', outcome: 'deleted' },
      ),
    ),
    listRuns: jest.fn(async () => []),
    retry: jest.fn(async () => ({
      run: runOf('running', () => ({})),
      created: true,
    })),
    ...overrides,
  } as jest.Mocked<DecommissionApi>;
}
