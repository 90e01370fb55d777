export { RevisionComparison } from './RevisionComparison';
export type { RevisionComparisonProps } from './RevisionComparison';
