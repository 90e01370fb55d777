export { TeamNamespacesCard } from './TeamNamespacesCard';
export type { TeamNamespacesCardProps } from './TeamNamespacesCard';
