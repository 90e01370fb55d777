import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Creating a service from a Paasport template: checked on the application
 * (System) the service joins, so its owners and the portal admins may, and
 * together with membership of the owning team.
 *
 * @public
 */
export const paasportServiceCreatePermission = createPermission({
  name: 'paasport.service.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
