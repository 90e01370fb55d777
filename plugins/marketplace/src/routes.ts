import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The marketplace page. Declared with the legacy API and converted for the
 * new frontend system, so both kinds of app resolve the same links.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'marketplace' });

/** An instance's page, below the marketplace page. @public */
export const instanceRouteRef = createSubRouteRef({
  id: 'marketplace/instance',
  parent: rootRouteRef,
  path: '/instances/:id',
});

/** The request wizard for one plan, below the marketplace page. @public */
export const requestRouteRef = createSubRouteRef({
  id: 'marketplace/request',
  parent: rootRouteRef,
  path: '/request/:offeringId/:planId',
});
