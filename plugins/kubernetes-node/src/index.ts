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
export type { ExecSession } from './exec/ExecSession';
export type { ExecOutcome } from './exec/execStatus';
export type { ExecTarget } from './KubernetesExec';
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
export {
  DEFAULT_IMPERSONATION_PREFIX,
  DEFAULT_PLATFORM_SERVICE_ACCOUNT,
  KubernetesIdentities,
  impersonationHeaders,
  platformIdentity,
} from './impersonation';
export type { KubernetesIdentity } from './impersonation';
export type { KubernetesRequest } from './KubernetesCluster';
export { KubernetesObjects } from './objects/KubernetesObjects';
export type { KubernetesObjectsOptions } from './objects/KubernetesObjects';
export {
  KindNotServedError,
  ResourceDiscovery,
  objectPath,
} from './objects/ResourceDiscovery';
export type { KubernetesResource } from './objects/ResourceDiscovery';
export { retryRead } from './objects/retry';
export { translateKubernetesError } from './objects/translateError';
export type {
  KubernetesDeleteOutcome,
  KubernetesKind,
  KubernetesObject,
  KubernetesObjectRef,
  KubernetesPatchType,
} from './objects/types';
export { ApplicationModel } from './model/ApplicationModel';
export type {
  ComponentScope,
  EntityScope,
  Person,
} from './model/ApplicationModel';
export {
  CANARY_ID_ANNOTATION,
  CANARY_TRACK_LABEL,
  DISCOVERY_LOCATION_TYPE,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  TEAM_LABEL,
  teamLabelValue,
} from './model/keys';
export { parseLabelSelector } from './model/labelSelector';
export type { LabelPredicate } from './model/labelSelector';
export { NamespaceLabels } from './model/NamespaceLabels';
export type { TeamLabels } from './model/NamespaceLabels';
export { applicationModelServiceRef } from './model/service';
export { TeamDirectory } from './model/TeamDirectory';
export type { Team } from './model/TeamDirectory';
export { teamNamespacesOn } from './model/teamNamespacesOn';
export type {
  TeamNamespacesOnClusters,
  TeamNamespaceOnCluster,
} from './model/teamNamespacesOn';
export {
  UNTRUSTED_ALLOWED_KINDS,
  isRegistrationRoot,
  isTrustedEntity,
  isTrustedOrigin,
  trustedOrigins,
  untrustedOriginProblem,
} from './model/trust/trust';
export type {
  TrustedOrigins,
  TrustedOriginsSources,
} from './model/trust/trust';
export { readTrustedOrigins } from './model/trust/config';
