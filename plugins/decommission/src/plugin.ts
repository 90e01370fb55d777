import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DecommissionClient } from '@paasport/plugin-decommission-common';
import { decommissionApiRef } from './api';

/**
 * Decommission for legacy (`createApp` from `@backstage/app-defaults`) apps.
 * New-frontend-system apps use the default export of `/alpha`.
 *
 * @public
 */
export const decommissionPlugin = createPlugin({
  id: 'decommission',
  apis: [
    createApiFactory({
      api: decommissionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DecommissionClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The Decommission card for the overview of Components and Systems (show it
 * for entities passing `isDecommissionable`).
 *
 * @public
 */
export const EntityDecommissionCard = decommissionPlugin.provide(
  createComponentExtension({
    name: 'EntityDecommissionCard',
    component: {
      lazy: () =>
        import('./components/EntityDecommissionCard').then(
          m => m.EntityDecommissionCard,
        ),
    },
  }),
);
