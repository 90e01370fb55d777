export { RequestReview } from './RequestReview';
export type { RequestReviewProps } from './RequestReview';
