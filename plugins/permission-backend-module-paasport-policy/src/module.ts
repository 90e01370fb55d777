import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  OwnershipCondition,
  paasportPolicyExtensionPoint,
} from './extensionPoint';
import { PaasportPermissionPolicy } from './PaasportPermissionPolicy';
import { catalogEntityOwnership, defaultEveryonePermissions } from './defaults';

/**
 * Installs the Paasport permission policy in the permission backend.
 *
 * @public
 */
export const permissionModulePaasportPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'paasport-policy',
  register(reg) {
    const everyone = new Set(defaultEveryonePermissions);
    const ownershipConditions = new Map<string, OwnershipCondition>([
      ['catalog-entity', catalogEntityOwnership],
    ]);
    reg.registerExtensionPoint(paasportPolicyExtensionPoint, {
      allowForEveryone(...names) {
        names.forEach(name => everyone.add(name));
      },
      addOwnershipCondition(resourceType, condition) {
        ownershipConditions.set(resourceType, condition);
      },
    });
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        const adminGroups = config.getOptionalStringArray(
          'paasport.permissions.adminGroups',
        ) ?? ['group:default/admins'];
        policy.setPolicy(
          new PaasportPermissionPolicy({
            adminGroups,
            everyone,
            ownershipConditions,
          }),
        );
      },
    });
  },
});
