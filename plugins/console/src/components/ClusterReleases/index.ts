export { ClusterReleases } from './ClusterReleases';
export type { ClusterReleasesProps } from './ClusterReleases';
