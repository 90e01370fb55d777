export { QuotaSummary } from './QuotaSummary';
export type { QuotaSummaryProps } from './QuotaSummary';
