import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { marketplaceApiRef } from './api';
import { marketplaceEntityFilter } from './conditions';
import { instanceRouteRef, requestRouteRef, rootRouteRef } from './routes';

const marketplaceApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: marketplaceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MarketplaceClient({ discoveryApi, fetchApi }),
    }),
});

// The page draws its own header and tabs, the same in legacy apps.
const marketplacePage = PageBlueprint.make({
  params: {
    path: '/marketplace',
    title: 'Marketplace',
    icon: <StorefrontIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/MarketplacePage').then(m => <m.MarketplacePage />),
  },
});

const middlewareContent = EntityContentBlueprint.make({
  name: 'middleware',
  params: {
    path: '/middleware',
    title: 'Middleware',
    group: 'operation',
    filter: marketplaceEntityFilter,
    loader: () =>
      import('./components/EntityMiddlewareContent').then(m => (
        <m.EntityMiddlewareContent />
      )),
  },
});

/**
 * The middleware marketplace for new-frontend-system apps: its API, the
 * Marketplace page with a nav item, and the Middleware tab of Components
 * and Systems.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'marketplace',
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    instance: convertLegacyRouteRef(instanceRouteRef),
    request: convertLegacyRouteRef(requestRouteRef),
  },
  extensions: [marketplaceApi, marketplacePage, middlewareContent],
});
