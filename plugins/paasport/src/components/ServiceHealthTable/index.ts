export { ServiceHealthTable } from './ServiceHealthTable';
export type { ServiceHealthTableProps } from './ServiceHealthTable';
