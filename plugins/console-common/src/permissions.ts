import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Rolling a workload of a catalog entity back to an earlier revision.
 *
 * @remarks
 * A resource permission on the entity (Component or System) the workload
 * belongs to, so the Paasport policy lets the entity's owners do it.
 *
 * @public
 */
export const consoleWorkloadRollbackPermission = createPermission({
  name: 'console.workload.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Rolling back a workload that Helm, Argo CD or Flux manages (`force`).
 *
 * @remarks
 * Not tied to an entity, so the Paasport policy grants it to admins only:
 * such a rollback bypasses the tool that owns the workload.
 *
 * @public
 */
export const consoleWorkloadForceRollbackPermission = createPermission({
  name: 'console.workload.forceRollback',
  attributes: { action: 'update' },
});

/**
 * Reading the container logs of a catalog entity's workloads.
 *
 * @remarks
 * Not a plain `read`: logs can carry personal data and secrets printed by
 * mistake, so the Paasport policy gives it to the entity's owners and admins
 * only (as it does for actions), not to everyone who can see the entity.
 * Audited.
 *
 * @public
 */
export const consoleLogsReadPermission = createPermission({
  name: 'console.logs.read',
  attributes: {},
  resourceType: 'catalog-entity',
});

/**
 * Starting a canary release of a catalog entity's Deployment, and promoting,
 * pausing, resuming or aborting it.
 *
 * @remarks
 * A resource permission on the Component the workload belongs to, as
 * rollback is, so the Paasport policy lets the entity's owners do it.
 *
 * @public
 */
export const consoleWorkloadCanaryPermission = createPermission({
  name: 'console.workload.canary',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission of the console plugin, for the permissions registry.
 *
 * @public
 */
export const consolePermissions = [
  consoleWorkloadRollbackPermission,
  consoleWorkloadForceRollbackPermission,
  consoleLogsReadPermission,
  consoleWorkloadCanaryPermission,
];
