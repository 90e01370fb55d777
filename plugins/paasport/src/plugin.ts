import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * The Paasport plugin for legacy (`createApp` from `@backstage/app-defaults`) apps.
 * New-frontend-system apps use the default export of `/alpha`.
 *
 * @public
 */
export const paasportPlugin = createPlugin({
  id: 'paasport',
  routes: { root: rootRouteRef },
});

/**
 * The Paasport home page (a person's teams' services, what needs attention,
 * middleware requests, where to start), for a legacy app's routes.
 *
 * @public
 */
export const PaasportPage = paasportPlugin.provide(
  createRoutableExtension({
    name: 'PaasportPage',
    mountPoint: rootRouteRef,
    component: () => import('./components/HomePage').then(m => m.HomePage),
  }),
);

/**
 * The application page of a System: its services with health and current
 * release per cluster, their dependencies and middleware, owners and links.
 * Show it for entities passing `isApplication`; needs the console back end,
 * and lists marketplace instances when the marketplace back end is installed
 * (a note otherwise).
 *
 * @public
 */
export const EntityApplicationContent = paasportPlugin.provide(
  createComponentExtension({
    name: 'EntityApplicationContent',
    component: {
      lazy: () =>
        import('./components/ApplicationContent').then(
          m => m.ApplicationContent,
        ),
    },
  }),
);
