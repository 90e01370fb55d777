import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { OwnershipCondition } from './extensionPoint';

/**
 * Options of {@link PaasportPermissionPolicy}.
 *
 * @public
 */
export interface PaasportPermissionPolicyOptions {
  /** Groups whose members may do everything. */
  adminGroups: string[];
  /** Permission names every signed-in user may use. */
  everyone: Iterable<string>;
  /** Owner recognition per resource type. */
  ownershipConditions: Map<string, OwnershipCondition>;
}

/**
 * The Paasport policy, in order: admins may do everything; anyone may read;
 * anyone may use the self-service permissions; owners may act on resources
 * they own; everything else is denied.
 *
 * @public
 */
export class PaasportPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: Set<string>;
  private readonly everyone: Set<string>;

  constructor(private readonly options: PaasportPermissionPolicyOptions) {
    this.adminGroups = new Set(
      options.adminGroups.map(ref => ref.toLowerCase()),
    );
    this.everyone = new Set(options.everyone);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const claims = user?.info.ownershipEntityRefs ?? [];

    if (claims.some(ref => this.adminGroups.has(ref.toLowerCase()))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    // Service-to-service calls carry no user; those are plugins acting on their own.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    if (this.everyone.has(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission)) {
      const condition = this.options.ownershipConditions.get(
        permission.resourceType,
      );
      if (condition) {
        return condition(permission, claims, user.info.userEntityRef);
      }
    }
    return { result: AuthorizeResult.DENY };
  }
}
