/**
 * Paasport's Kubernetes clusters for backend plugins: validated cluster config
 * from Backstage's `kubernetes` section and client-node clients per cluster.
 *
 * @packageDocumentation
 */

export { loadClientNode, kubernetesErrorStatus } from './clientNode';
export type { ClientNode } from './clientNode';
export { readKubernetesClusterConfigs } from './config';
export type { KubernetesClusterAuth, KubernetesClusterConfig } from './config';
export { KubernetesApiError } from './errors';
export { KubernetesCluster } from './KubernetesCluster';
export type {
  KubernetesCallOptions,
  KubernetesQuery,
} from './KubernetesCluster';
export { KubernetesClusters } from './KubernetesClusters';
export { kubernetesClustersServiceRef } from './service';
export {
  NAMESPACE_ANNOTATION,
  NAMESPACES_ANNOTATION,
  isNamespaceName,
  parseTeamNamespaces,
  teamNamespaceOn,
} from './teamNamespaces';
export type { TeamNamespaces } from './teamNamespaces';
