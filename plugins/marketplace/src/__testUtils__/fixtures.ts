import { Entity } from '@backstage/catalog-model';
import {
  InstanceBinding,
  InstanceRequest,
  InstanceRequestDetails,
  MarketplaceOffering,
} from '@paasport/plugin-marketplace-common';

/** Offerings as the backend's defaults list them (one plan unavailable). */
export const offerings: MarketplaceOffering[] = [
  {
    id: 'mysql',
    title: 'MySQL',
    description: 'A MySQL database for your application',
    plans: [
      {
        id: 'small',
        title: 'Small (shared)',
        description: '1 GiB on the shared server',
        sizeGb: 1,
        ha: false,
        requiresApproval: false,
        provider: 'osb:shared',
        available: true,
        parametersSchema: {
          type: 'object',
          additionalProperties: false,
          properties: {
            charset: {
              type: 'string',
              enum: ['utf8mb4', 'latin1'],
              default: 'utf8mb4',
              title: 'Character set',
            },
          },
        },
      },
      {
        id: 'ha',
        title: 'Dedicated, highly available',
        description: 'A three-node cluster of your own, 50 GiB',
        sizeGb: 50,
        ha: true,
        requiresApproval: true,
        provider: 'operator:moco',
        available: false,
        parametersSchema: { type: 'object', properties: {} },
      },
    ],
  },
  {
    id: 'redis',
    title: 'Redis',
    description: 'A Redis key space for caching and queues',
    plans: [
      {
        id: 'small',
        title: 'Small (shared)',
        description: '256 MiB of keys on the shared server',
        sizeGb: 0.25,
        ha: false,
        requiresApproval: false,
        provider: 'osb:shared',
        available: true,
        parametersSchema: {
          type: 'object',
          additionalProperties: false,
          properties: {},
        },
      },
    ],
  },
  {
    id: 'kafka',
    title: 'Kafka',
    plans: [
      {
        id: 'standard',
        title: 'Standard, highly available',
        sizeGb: 60,
        ha: true,
        requiresApproval: true,
        provider: 'operator:strimzi',
        available: true,
        parametersSchema: {
          type: 'object',
          additionalProperties: false,
          properties: {
            partitions: {
              type: 'integer',
              minimum: 1,
              maximum: 48,
              default: 3,
              title: 'Partitions',
            },
          },
        },
      },
    ],
  },
];

export const shopSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/storefront' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/storefront' }],
};

export const shopApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop-api', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/storefront',
    system: 'shop',
  },
  // As the catalog derives them from spec.owner and spec.system.
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/storefront' },
    { type: 'partOf', targetRef: 'system:default/shop' },
  ],
};

export const docsSite: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'docs-site', namespace: 'default' },
  spec: { type: 'website', owner: 'group:default/storefront' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/storefront' }],
};

export const ID = '6f1c1e8e-6d0a-4c55-9a4e-0c1e2f3a4b5c';
export const BINDING_ID = '0b7d2c3e-1f2a-4b5c-8d9e-0f1a2b3c4d5e';

/** A Redis instance of the shop in the given state. */
export function cacheRequest(
  overrides: Partial<InstanceRequest> = {},
): InstanceRequest {
  return {
    id: ID,
    name: 'shop-cache',
    offeringId: 'redis',
    planId: 'small',
    provider: 'osb:shared',
    system: 'system:default/shop',
    team: 'group:default/storefront',
    namespace: 'storefront',
    cluster: 'dev',
    component: 'component:default/shop-api',
    parameters: {},
    sizeGb: 0.25,
    state: 'ready',
    createdBy: 'user:default/guest',
    createdAt: '2026-06-01T10:00:00.000Z',
    updatedAt: '2026-06-01T10:00:05.000Z',
    ...overrides,
  };
}

export function cacheBinding(
  overrides: Partial<InstanceBinding> = {},
): InstanceBinding {
  return {
    id: BINDING_ID,
    requestId: ID,
    name: 'shop-api',
    namespace: 'storefront',
    cluster: 'dev',
    component: 'component:default/shop-api',
    secretName: 'shop-cache-shop-api',
    state: 'ready',
    deliveredAt: '2026-06-01T10:00:07.000Z',
    createdBy: 'user:default/guest',
    createdAt: '2026-06-01T10:00:05.000Z',
    ...overrides,
  };
}

/** The instance with its history and bindings. */
export function cacheDetails(
  overrides: Partial<InstanceRequestDetails> = {},
): InstanceRequestDetails {
  return {
    ...cacheRequest(),
    history: [
      {
        id: 1,
        toState: 'pending',
        actor: 'user:default/guest',
        message: "Requested redis/small 'shop-cache'",
        createdAt: '2026-06-01T10:00:00.000Z',
      },
      {
        id: 2,
        fromState: 'pending',
        toState: 'provisioning',
        actor: 'marketplace',
        createdAt: '2026-06-01T10:00:01.000Z',
      },
      {
        id: 3,
        fromState: 'provisioning',
        toState: 'ready',
        actor: 'marketplace',
        message: 'Provisioned by the shared broker',
        createdAt: '2026-06-01T10:00:04.000Z',
      },
      {
        id: 4,
        bindingId: BINDING_ID,
        fromState: 'pending',
        toState: 'ready',
        actor: 'marketplace',
        message: 'Secret storefront/shop-cache-shop-api written',
        createdAt: '2026-06-01T10:00:07.000Z',
      },
    ],
    bindings: [cacheBinding()],
    ...overrides,
  };
}

/** Someone else's application, outside the guest's teams. */
export const ledgerSystem: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
};

export const allEntities = [shopSystem, shopApi, docsSite, ledgerSystem];
