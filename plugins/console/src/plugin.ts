import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ConsoleClient } from '@paasport/plugin-console-common';
import { consoleApiRef } from './api';

/**
 * The application console for legacy (`createApp` from
 * `@backstage/app-defaults`) apps. New-frontend-system apps use the default
 * export of `/alpha`.
 *
 * @public
 */
export const consolePlugin = createPlugin({
  id: 'console',
  apis: [
    createApiFactory({
      api: consoleApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ConsoleClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * Releases tab of a Component: revision history per cluster and rollback.
 * Show it for entities passing `isConsoleComponent`.
 *
 * @public
 */
export const EntityConsoleReleasesContent = consolePlugin.provide(
  createComponentExtension({
    name: 'EntityConsoleReleasesContent',
    component: {
      lazy: () =>
        import('./components/ReleasesContent').then(m => m.ReleasesContent),
    },
  }),
);

/**
 * Releases tab of a System: the fleet matrix of its Components per cluster.
 * Show it for entities passing `isConsoleSystem`.
 *
 * @public
 */
export const EntityConsoleFleetContent = consolePlugin.provide(
  createComponentExtension({
    name: 'EntityConsoleFleetContent',
    component: {
      lazy: () => import('./components/FleetMatrix').then(m => m.FleetMatrix),
    },
  }),
);

/**
 * Logs tab of a Component: live, merged logs of a workload's pods.
 *
 * @public
 */
export const EntityConsoleLogsContent = consolePlugin.provide(
  createComponentExtension({
    name: 'EntityConsoleLogsContent',
    component: {
      lazy: () => import('./components/LogsContent').then(m => m.LogsContent),
    },
  }),
);

/**
 * Metrics tab of a Component: charts with release markers.
 *
 * @public
 */
export const EntityConsoleMetricsContent = consolePlugin.provide(
  createComponentExtension({
    name: 'EntityConsoleMetricsContent',
    component: {
      lazy: () =>
        import('./components/MetricsContent').then(m => m.MetricsContent),
    },
  }),
);

/**
 * Card for a team Group's page: its namespace on each cluster, and why any
 * is refused to it.
 *
 * @public
 */
export const EntityTeamNamespacesCard = consolePlugin.provide(
  createComponentExtension({
    name: 'EntityTeamNamespacesCard',
    component: {
      lazy: () =>
        import('./components/TeamNamespacesCard').then(
          m => m.TeamNamespacesCard,
        ),
    },
  }),
);
