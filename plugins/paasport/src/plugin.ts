import {
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
 * The Paasport home page, for a legacy app's routes.
 *
 * @public
 */
export const PaasportPage = paasportPlugin.provide(
  createRoutableExtension({
    name: 'PaasportPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/PaasportHomePage').then(m => m.PaasportHomePage),
  }),
);
