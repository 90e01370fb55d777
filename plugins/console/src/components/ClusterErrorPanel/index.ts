export { ClusterErrorPanel } from './ClusterErrorPanel';
