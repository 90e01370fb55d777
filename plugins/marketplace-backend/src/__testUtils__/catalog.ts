import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** The demo organisation, as far as the marketplace reads it. */
export const testEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'storefront',
      annotations: {
        'paasport.io/namespace': 'storefront',
        'paasport.io/marketplace-approvers': 'user:default/dave',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      annotations: { 'paasport.io/namespace': 'payments' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'no-namespace' },
    spec: { type: 'team', children: [] },
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
    kind: 'Group',
    metadata: {
      name: 'checkout',
      // Another namespace on prod than everywhere else.
      annotations: {
        'paasport.io/namespace': 'checkout',
        'paasport.io/namespaces': 'prod=checkout-prod',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout' },
    spec: { owner: 'group:default/checkout' },
  },
  ...['shop-api', 'shop-web'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', owner: 'storefront', system: 'shop' },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: { type: 'service', owner: 'payments', system: 'payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api' },
    spec: { type: 'service', owner: 'checkout', system: 'checkout' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'lonely' },
    spec: { type: 'service', owner: 'storefront' },
  },
];

/** Who belongs where. carol is a platform admin. */
export const memberships: Record<string, string[]> = {
  'user:default/alice': ['group:default/storefront', 'group:default/checkout'],
  'user:default/dave': ['group:default/storefront'],
  'user:default/bob': ['group:default/payments'],
  'user:default/carol': ['group:default/admins'],
};

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
