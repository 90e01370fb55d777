export { InstancesTable } from './InstancesTable';
export type { InstancesTableProps } from './InstancesTable';
