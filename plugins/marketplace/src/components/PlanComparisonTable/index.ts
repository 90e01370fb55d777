export { PlanComparisonTable } from './PlanComparisonTable';
export type { PlanComparisonTableProps } from './PlanComparisonTable';
