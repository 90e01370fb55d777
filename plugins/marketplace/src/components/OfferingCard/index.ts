export { OfferingCard } from './OfferingCard';
export type { OfferingCardProps } from './OfferingCard';
