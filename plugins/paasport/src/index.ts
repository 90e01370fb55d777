/**
 * Paasport's home page for Backstage apps.
 *
 * @packageDocumentation
 */
export { paasportPlugin, PaasportPage } from './plugin';
export { rootRouteRef } from './routes';
