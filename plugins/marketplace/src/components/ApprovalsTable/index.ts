export { ApprovalsTable } from './ApprovalsTable';
export type { ApprovalsTableProps } from './ApprovalsTable';
