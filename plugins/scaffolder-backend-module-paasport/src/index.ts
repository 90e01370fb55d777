/**
 * Paasport's scaffolder actions: up-front validation, team namespaces,
 * server-side apply, Tekton pipelines with their repository webhook (Gitea or
 * GitHub), and undo of what a failed task created.
 *
 * @packageDocumentation
 */

export { scaffolderModulePaasport as default } from './module';
export { paasportServiceCreatePermission } from './permissions';
export { readPaasportScaffolderConfig } from './config';
export type { PaasportScaffolderConfig } from './config';
export { TaskLedger } from './ledger/TaskLedger';
export { TaskUndoer } from './ledger/TaskUndoer';
export type { UndoReport } from './ledger/TaskUndoer';
export { AbandonedTaskSweeper } from './ledger/AbandonedTaskSweeper';
export type { SweepResult } from './ledger/AbandonedTaskSweeper';
export { TaskUndoClaims } from './ledger/TaskUndoClaims';
export type {
  UndoClaim,
  UndoHistoryEvent,
  UndoHistoryEventType,
} from './ledger/TaskUndoClaims';
export { UndoLease, UndoLeaseLostError } from './ledger/UndoLease';
export type { UndoGuard } from './ledger/UndoLease';
export { readUndoSweepSettings } from './ledger/undoSweepSettings';
export type { UndoSweepSettings } from './ledger/undoSweepSettings';
export { replicaName } from './ledger/replicaName';
export { describeResource, providerOf, resourceKey } from './ledger/resources';
export type {
  KubernetesActor,
  LedgerEntry,
  LedgerResource,
  LedgerStatus,
} from './ledger/resources';
export { GiteaClient } from './repositories/GiteaClient';
export type { GiteaHook, GiteaRepository } from './repositories/GiteaClient';
export {
  repositoryHost,
  repositoryHostFor,
} from './repositories/repositoryHostFor';
export type {
  RepositoryHook,
  RepositoryHost,
  RepositoryProvider,
} from './repositories/RepositoryHost';
export { KubernetesClusterAccess } from './kubernetes/ClusterAccess';
export type { ClusterAccess, ObjectLayer } from './kubernetes/ClusterAccess';
export { readNamespacedKinds } from './kubernetes/namespacedKinds';
export type { NamespacedKinds } from './kubernetes/namespacedKinds';
export { namespaceContents } from './kubernetes/namespaceContents';
export type { NamespaceContents } from './kubernetes/namespaceContents';
export {
  TEAM_ROLE_BINDING,
  platformObjectProblem,
} from './kubernetes/platformObjects';
export { describeObject, readManifests, refOf } from './kubernetes/manifests';
export type { Manifest, ManifestObject } from './kubernetes/manifests';
export { ServiceAuthorizer } from './services/ServiceAuthorizer';
export { TeamPlacements } from './services/TeamPlacements';
export type {
  TeamClaim,
  TeamPlacement,
  TenancyModel,
} from './services/TeamPlacements';
export {
  assertKnownClusters,
  clusterName,
  initiatorOf,
  normalizeRef,
} from './services/refs';
export { serviceNameProblem } from './actions/validate/validateService';
export { createValidateServiceAction } from './actions/validate/validateService';
export { createEnsureNamespaceAction } from './actions/namespace/ensureNamespace';
export { createApplyManifestsAction } from './actions/apply/applyManifests';
export { createTektonPipelineAction } from './actions/tekton/createPipeline';
export { createUndoTaskAction } from './actions/undo/undoTask';
export type { PaasportActionDeps } from './actions/deps';
export {
  createServiceNamesRouter,
  templateRepoUrl,
} from './router/serviceNames';
export type { ServiceNameAvailability } from './router/serviceNames';
