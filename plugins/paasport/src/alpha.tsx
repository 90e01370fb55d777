import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import AppsIcon from '@material-ui/icons/Apps';
import { rootRouteRef } from './routes';

const paasportPage = PageBlueprint.make({
  params: {
    path: '/paasport',
    title: 'Paasport',
    icon: <AppsIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/PaasportHomePage').then(m => <m.PaasportHomePage />),
  },
});

/**
 * The Paasport plugin for new-frontend-system apps: its home page and nav item.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'paasport',
  info: { packageJson: () => import('../package.json') },
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [paasportPage],
});
