export { LogTable, MAX_TABLE_ROWS } from './LogTable';
export type { LogTableProps } from './LogTable';
