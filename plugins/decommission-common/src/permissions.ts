import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Decommissioning a catalog entity: a service (Component) or a whole
 * application (System) with everything that belongs to it.
 *
 * @remarks
 * A resource permission on the entity, so the Paasport policy lets its owners
 * (and admins) do it. For a System it is checked on the System and on each of
 * its parts: a part owned by another team stops the decommission.
 *
 * @public
 */
export const decommissionEntityExecutePermission = createPermission({
  name: 'decommission.entity.execute',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission of the decommission plugin, for the permissions registry.
 *
 * @public
 */
export const decommissionPermissions = [decommissionEntityExecutePermission];
