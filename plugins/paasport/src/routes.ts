import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The Paasport home page. Declared with the legacy API and converted for the
 * new frontend system, so both kinds of app link to the same route.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'paasport' });
