export { OfferingsContent } from './OfferingsContent';
