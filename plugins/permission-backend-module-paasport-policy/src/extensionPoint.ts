import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { PolicyDecision } from '@backstage/plugin-permission-common';

/**
 * Says, for one resource type, which resources a user owns, as a conditional
 * decision evaluated by the plugin that owns the resources.
 *
 * @public
 */
export type OwnershipCondition = (
  permission: ResourcePermission,
  ownershipEntityRefs: string[],
  userEntityRef: string,
) => PolicyDecision;

/**
 * Lets other Paasport features extend the policy without replacing it.
 *
 * @public
 */
export interface PaasportPolicyExtensionPoint {
  /**
   * Permissions every signed-in user may use, because the feature behind them
   * is self-service and checks anything finer itself (for example
   * `scaffolder.task.create`).
   */
  allowForEveryone(...permissionNames: string[]): void;
  /** How owners are recognised for a resource type other than catalog entities. */
  addOwnershipCondition(
    resourceType: string,
    condition: OwnershipCondition,
  ): void;
}

/**
 * Extension point of the Paasport permission policy module.
 *
 * @public
 */
export const paasportPolicyExtensionPoint =
  createExtensionPoint<PaasportPolicyExtensionPoint>({
    id: 'permission.paasport-policy',
  });
