export { ClusterSelect } from './ClusterSelect';
export type { ClusterSelectProps } from './ClusterSelect';
