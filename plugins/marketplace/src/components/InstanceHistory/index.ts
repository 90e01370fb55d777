export { InstanceHistory } from './InstanceHistory';
export type { InstanceHistoryProps } from './InstanceHistory';
