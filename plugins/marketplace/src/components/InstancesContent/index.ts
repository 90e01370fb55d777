export { InstancesContent } from './InstancesContent';
export type { InstancesContentProps } from './InstancesContent';
