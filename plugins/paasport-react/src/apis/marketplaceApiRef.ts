import { createApiRef } from '@backstage/core-plugin-api';
import { MarketplaceApi } from '@paasport/plugin-marketplace-common';

/**
 * The marketplace backend's API. The marketplace plugin provides it with
 * `MarketplaceClient` from `@paasport/plugin-marketplace-common`; it lives
 * here so that other Paasport frontend packages (the home page, the
 * application page) ask the same API instance. A portal without the
 * marketplace has no implementation: read it with `useApiHolder().get`.
 *
 * @public
 */
export const marketplaceApiRef = createApiRef<MarketplaceApi>({
  id: 'plugin.marketplace.service',
});
