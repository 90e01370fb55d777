import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AppsIcon from '@material-ui/icons/Apps';
import { applicationFilter } from './conditions';
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

/** The application page of a System, as the tab next to its overview. */
const applicationContent = EntityContentBlueprint.make({
  name: 'application',
  params: {
    path: '/application',
    title: 'Application',
    filter: applicationFilter,
    loader: () =>
      import('./components/ApplicationContent').then(m => (
        <m.ApplicationContent />
      )),
  },
});

/**
 * The Paasport plugin for new-frontend-system apps: its home page and nav
 * item, and the application page of Systems.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'paasport',
  info: { packageJson: () => import('../package.json') },
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [paasportPage, applicationContent],
});
