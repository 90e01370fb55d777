import {
  ApiBlueprint,
  AppRootElementBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { consoleApiRef } from './api';
import { consoleFilters } from './conditions';
import { PrefetchingConsoleClient } from './prefetch/PrefetchingConsoleClient';
import { ReleasesPrefetch } from './prefetch/ReleasesPrefetch';

const consoleApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: consoleApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PrefetchingConsoleClient({ discoveryApi, fetchApi }),
    }),
});

// The Releases tab opened directly (a link, a reload): its data and code are
// loaded while the app signs in and loads the entity.
const releasesPrefetch = AppRootElementBlueprint.make({
  name: 'releases-prefetch',
  params: { element: <ReleasesPrefetch /> },
});

const releasesContent = EntityContentBlueprint.make({
  name: 'releases',
  params: {
    path: '/releases',
    title: 'Releases',
    group: 'deployment',
    filter: consoleFilters.component,
    loader: () =>
      import('./components/ReleasesContent').then(m => <m.ReleasesContent />),
  },
});

// Same path and title as the Component tab: filters are exclusive by kind,
// and to users both are "the releases of this thing".
const fleetContent = EntityContentBlueprint.make({
  name: 'fleet',
  params: {
    path: '/releases',
    title: 'Releases',
    group: 'deployment',
    filter: consoleFilters.system,
    loader: () =>
      import('./components/FleetMatrix').then(m => <m.FleetMatrix />),
  },
});

const logsContent = EntityContentBlueprint.make({
  name: 'logs',
  params: {
    path: '/logs',
    title: 'Logs',
    group: 'observability',
    filter: consoleFilters.component,
    loader: () =>
      import('./components/LogsContent').then(m => <m.LogsContent />),
  },
});

const metricsContent = EntityContentBlueprint.make({
  name: 'metrics',
  params: {
    path: '/metrics',
    title: 'Metrics',
    group: 'observability',
    filter: consoleFilters.component,
    loader: () =>
      import('./components/MetricsContent').then(m => <m.MetricsContent />),
  },
});

// On a team's own page: its namespaces, and why any is refused to it.
const teamNamespacesCard = EntityCardBlueprint.make({
  name: 'team-namespaces',
  params: {
    type: 'info',
    filter: consoleFilters.group,
    loader: () =>
      import('./components/TeamNamespacesCard').then(m => (
        <m.TeamNamespacesCard />
      )),
  },
});

/**
 * The application console for new-frontend-system apps: its API and the
 * Releases, Logs and Metrics entity tabs, and a team's Namespaces card.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'console',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    consoleApi,
    releasesPrefetch,
    releasesContent,
    fleetContent,
    logsContent,
    metricsContent,
    teamNamespacesCard,
  ],
});
