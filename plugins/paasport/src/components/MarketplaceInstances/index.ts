export { MarketplaceInstances } from './MarketplaceInstances';
export type { MarketplaceInstancesProps } from './MarketplaceInstances';
