/**
 * Middleware marketplace: request MySQL, Redis and Kafka for applications,
 * watch them become ready, bind them, approve requests and deprovision.
 *
 * @packageDocumentation
 */
export {
  EntityMiddlewareContent,
  MarketplacePage,
  marketplacePlugin,
} from './plugin';
export { marketplaceApiRef } from './api';
export { isMarketplaceEntity } from './conditions';
export { instanceRouteRef, requestRouteRef, rootRouteRef } from './routes';
export type { MarketplacePageProps } from './components/MarketplacePage';
export type { EntityMiddlewareContentProps } from './components/EntityMiddlewareContent';
