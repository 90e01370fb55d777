import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import { marketplaceApiRef } from './api';
import { instanceRouteRef, requestRouteRef, rootRouteRef } from './routes';

/**
 * The middleware marketplace for legacy (`createApp` from
 * `@backstage/app-defaults`) apps. New-frontend-system apps use the default
 * export of `/alpha`.
 *
 * @public
 */
export const marketplacePlugin = createPlugin({
  id: 'marketplace',
  apis: [
    createApiFactory({
      api: marketplaceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MarketplaceClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    instance: instanceRouteRef,
    request: requestRouteRef,
  },
});

/**
 * The marketplace page (offerings, my instances, approvals, the request
 * wizard and instance pages), for a legacy app's routes, e.g.
 * `<Route path="/marketplace" element={<MarketplacePage />} />`.
 *
 * @public
 */
export const MarketplacePage = marketplacePlugin.provide(
  createRoutableExtension({
    name: 'MarketplacePage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/MarketplacePage').then(m => m.MarketplacePage),
  }),
);

/**
 * The Middleware tab of Components and Systems; show it for entities
 * passing `isMarketplaceEntity`. Links into the marketplace page, so mount
 * that too.
 *
 * @public
 */
export const EntityMiddlewareContent = marketplacePlugin.provide(
  createComponentExtension({
    name: 'EntityMiddlewareContent',
    component: {
      lazy: () =>
        import('./components/EntityMiddlewareContent').then(
          m => m.EntityMiddlewareContent,
        ),
    },
  }),
);
