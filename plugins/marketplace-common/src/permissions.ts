import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Marketplace permissions that act on an application are resource
 * permissions on the application's catalog entity (its System): Paasport's
 * policy turns them into an ownership condition, so the team owning the
 * System may act on its middleware and nobody else (admins excepted).
 *
 * @public
 */
export const MARKETPLACE_RESOURCE_TYPE = 'catalog-entity';

/** Request a new middleware instance for an application. @public */
export const marketplaceInstanceCreatePermission = createPermission({
  name: 'marketplace.instance.create',
  attributes: { action: 'create' },
  resourceType: MARKETPLACE_RESOURCE_TYPE,
});

/** See an application's instances, their history and bindings (never secrets). @public */
export const marketplaceInstanceReadPermission = createPermission({
  name: 'marketplace.instance.read',
  attributes: { action: 'read' },
  resourceType: MARKETPLACE_RESOURCE_TYPE,
});

/** Deprovision an application's instance. @public */
export const marketplaceInstanceDeletePermission = createPermission({
  name: 'marketplace.instance.delete',
  attributes: { action: 'delete' },
  resourceType: MARKETPLACE_RESOURCE_TYPE,
});

/** Bind an instance to the application's namespace (new credentials). @public */
export const marketplaceBindingCreatePermission = createPermission({
  name: 'marketplace.binding.create',
  attributes: { action: 'create' },
  resourceType: MARKETPLACE_RESOURCE_TYPE,
});

/** Remove a binding (revokes its credentials). @public */
export const marketplaceBindingDeletePermission = createPermission({
  name: 'marketplace.binding.delete',
  attributes: { action: 'delete' },
  resourceType: MARKETPLACE_RESOURCE_TYPE,
});

/**
 * Show a binding's credentials in the portal. Deliberately without the
 * `read` action, which the policy grants to everyone.
 *
 * @public
 */
export const marketplaceCredentialsRevealPermission = createPermission({
  name: 'marketplace.credentials.reveal',
  attributes: {},
  resourceType: MARKETPLACE_RESOURCE_TYPE,
});

/**
 * Approve or reject any request whose plan requires approval (platform
 * admins). Team approvers are named on the team's Group entity instead, see
 * {@link MARKETPLACE_APPROVERS_ANNOTATION}.
 *
 * @public
 */
export const marketplaceRequestApprovePermission = createPermission({
  name: 'marketplace.request.approve',
  attributes: { action: 'update' },
});

/** Every marketplace permission, for registration. @public */
export const marketplacePermissions = [
  marketplaceInstanceCreatePermission,
  marketplaceInstanceReadPermission,
  marketplaceInstanceDeletePermission,
  marketplaceBindingCreatePermission,
  marketplaceBindingDeletePermission,
  marketplaceCredentialsRevealPermission,
  marketplaceRequestApprovePermission,
];

/**
 * Annotation on a team's Group entity listing, comma separated, the user
 * entity refs that may approve or reject the team's requests.
 *
 * @public
 */
export const MARKETPLACE_APPROVERS_ANNOTATION =
  'paasport.io/marketplace-approvers';

/** Annotation on a team's Group entity naming its Kubernetes namespace. @public */
export const NAMESPACE_ANNOTATION = 'paasport.io/namespace';
