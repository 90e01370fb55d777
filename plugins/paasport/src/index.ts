/**
 * Paasport's home page and the application page of Systems, for Backstage
 * apps.
 *
 * @packageDocumentation
 */
export {
  EntityApplicationContent,
  paasportPlugin,
  PaasportPage,
} from './plugin';
export { isApplication } from './conditions';
export type { ApplicationContentProps } from './components/ApplicationContent';
export { rootRouteRef } from './routes';
