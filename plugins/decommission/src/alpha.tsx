import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContextMenuItemBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { DecommissionClient } from '@paasport/plugin-decommission-common';
import DeleteForeverIcon from '@material-ui/icons/DeleteForever';
import { decommissionApiRef } from './api';
import { decommissionFilter } from './conditions';
import { useDecommissionMenuItem } from './hooks/useDecommissionMenuItem';

const decommissionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: decommissionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DecommissionClient({ discoveryApi, fetchApi }),
    }),
});

/** "Decommission" in the entity page's menu, next to "Unregister entity". */
const decommissionMenuItem = EntityContextMenuItemBlueprint.make({
  name: 'decommission',
  params: {
    icon: <DeleteForeverIcon fontSize="small" />,
    filter: decommissionFilter,
    useProps: useDecommissionMenuItem,
  },
});

/**
 * The same as a card on the overview; off by default (the menu item is the
 * usual place), enable it in app-config with
 * `- entity-card:decommission/decommission: true`.
 */
const decommissionCard = EntityCardBlueprint.make({
  name: 'decommission',
  disabled: true,
  params: {
    type: 'info',
    filter: decommissionFilter,
    loader: () =>
      import('./components/EntityDecommissionCard').then(m => (
        <m.EntityDecommissionCard />
      )),
  },
});

/**
 * Decommission for new-frontend-system apps: the API, a "Decommission" item
 * in the menu of Component and System pages, and an optional overview card.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'decommission',
  info: { packageJson: () => import('../package.json') },
  extensions: [decommissionApi, decommissionMenuItem, decommissionCard],
});
