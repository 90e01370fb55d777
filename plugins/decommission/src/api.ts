import { createApiRef } from '@backstage/core-plugin-api';
import { DecommissionApi } from '@paasport/plugin-decommission-common';

/**
 * The decommission backend's API. The implementation is `DecommissionClient`
 * from `@paasport/plugin-decommission-common`.
 *
 * @public
 */
export const decommissionApiRef = createApiRef<DecommissionApi>({
  id: 'plugin.decommission.service',
});
