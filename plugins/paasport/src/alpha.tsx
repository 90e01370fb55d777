import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import HomeIcon from '@material-ui/icons/Home';
import { applicationFilter, statusCardFilter } from './conditions';
import { rootRouteRef } from './routes';

/**
 * The home page: the landing page after sign-in, at the app's root (the
 * catalog moves to /catalog, Backstage's own default).
 */
const homePage = PageBlueprint.make({
  params: {
    path: '/',
    title: 'Home',
    icon: <HomeIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/HomePage').then(m => <m.HomePage />),
  },
});

/**
 * The status card that leads a Component's or System's overview (the app
 * lists it first among the overview's cards).
 */
const statusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: statusCardFilter,
    loader: () =>
      import('./components/EntityStatusCard').then(m => <m.EntityStatusCard />),
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
 * The Paasport plugin for new-frontend-system apps: the home page and its
 * nav item, the status card of Component and System overviews, and the
 * application page of Systems.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'paasport',
  info: { packageJson: () => import('../package.json') },
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [homePage, statusCard, applicationContent],
});
