import { createApiRef } from '@backstage/core-plugin-api';
import { MarketplaceApi } from '@paasport/plugin-marketplace-common';

/**
 * The marketplace backend's API. The implementation is `MarketplaceClient`
 * from `@paasport/plugin-marketplace-common`, shared with backend callers.
 *
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.service',
});
