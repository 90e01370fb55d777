import { Entity, RELATION_PART_OF } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { teamGroup } from '@paasport/kubernetes-node/testUtils';

/** Who belongs where. carol is a platform admin. */
export const memberships: Record<string, string[]> = {
  'user:default/alice': [
    'group:default/storefront',
    'group:default/checkout',
    'group:default/edge',
  ],
  'user:default/dave': ['group:default/storefront'],
  'user:default/bob': ['group:default/payments'],
  'user:default/carol': ['group:default/admins'],
};

/** User names of the members of a Group, from {@link memberships}. */
function membersOf(group: string): string[] {
  return Object.entries(memberships)
    .filter(([, groups]) => groups.includes(`group:default/${group}`))
    .map(([user]) => user.replace('user:default/', ''));
}

function annotated(entity: Entity, annotations: Record<string, string>) {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: { ...entity.metadata.annotations, ...annotations },
    },
  };
}

/** A Component of `system`, as the catalog returns it (with its relations). */
export function component(
  name: string,
  owner: string,
  system?: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, ...(system && { system }) },
    relations: system
      ? [{ type: RELATION_PART_OF, targetRef: `system:default/${system}` }]
      : [],
  };
}

/**
 * The demo organisation, as far as the marketplace reads it: teams from the
 * trusted test org (`teamGroup`), their applications and Components.
 */
export const testEntities: Entity[] = [
  annotated(teamGroup('storefront', 'storefront', membersOf('storefront')), {
    'paasport.io/marketplace-approvers': 'user:default/dave',
  }),
  teamGroup('payments', 'payments', membersOf('payments')),
  // Not a team: it names no namespace.
  teamGroup('no-namespace', undefined, []),
  teamGroup('admins', undefined, membersOf('admins')),
  // Another namespace on prod than everywhere else.
  annotated(teamGroup('checkout', 'checkout', membersOf('checkout')), {
    'paasport.io/namespaces': 'prod=checkout-prod',
  }),
  // A namespace on dev only.
  annotated(teamGroup('edge', undefined, membersOf('edge')), {
    'paasport.io/namespaces': 'dev=edge-dev',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'edge' },
    spec: { owner: 'group:default/edge' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop' },
    spec: { owner: 'group:default/storefront' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments' },
    spec: { owner: 'payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'orphaned' },
    spec: { owner: 'group:default/no-namespace' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout' },
    spec: { owner: 'group:default/checkout' },
  },
  component('shop-api', 'storefront', 'shop', {
    'backstage.io/kubernetes-id': 'shop-api',
  }),
  component('shop-web', 'storefront', 'shop'),
  // Registered by a storefront member: their own team and application,
  // payments' namespace in the annotations.
  component('shop-forged', 'storefront', 'shop', {
    'backstage.io/kubernetes-id': 'payments-api',
    'backstage.io/kubernetes-namespace': 'payments',
  }),
  component('payments-api', 'payments', 'payments', {
    'backstage.io/kubernetes-id': 'payments-api',
  }),
  component('checkout-api', 'checkout', 'checkout'),
  component('lonely', 'storefront'),
];

const owners: Record<string, string> = {
  'system:default/shop': 'group:default/storefront',
  'system:default/payments': 'group:default/payments',
  'system:default/orphaned': 'group:default/no-namespace',
  'system:default/checkout': 'group:default/checkout',
};

/**
 * Decides as Paasport's policy would: admins everything, everyone reads,
 * owners act on their applications, the approve permission is admins only.
 */
export function paasportLikeDecision(
  user: string,
  permission: { name: string; attributes: { action?: string } },
  resourceRef?: string,
): AuthorizeResult.ALLOW | AuthorizeResult.DENY {
  const claims = memberships[user] ?? [];
  if (claims.includes('group:default/admins')) return AuthorizeResult.ALLOW;
  if (permission.attributes.action === 'read') return AuthorizeResult.ALLOW;
  if (resourceRef && claims.includes(owners[resourceRef]))
    return AuthorizeResult.ALLOW;
  return AuthorizeResult.DENY;
}
