/**
 * Paasport's catalog module: trust of catalog locations (only admin-controlled
 * locations may define Groups, Users, Templates, ...), validation of the
 * Paasport model (team namespaces, Systems) and discovery of Components and
 * Systems from the workloads of every cluster.
 *
 * @packageDocumentation
 */

export { catalogModulePaasport as default } from './module';
export * from './constants';
export {
  isNamespaceName,
  parseTeamNamespaces,
  teamNamespaceOn,
} from './model/teamNamespaces';
export type { TeamNamespaces } from './model/teamNamespaces';
export { modelProblems, referencedSystem } from './model/modelProblems';
export { CatalogSystemIndex } from './model/CatalogSystemIndex';
export type { CatalogSystemIndexOptions } from './model/CatalogSystemIndex';
export { PaasportModelProcessor } from './model/PaasportModelProcessor';
export { LocationTrustProcessor } from './integrity/LocationTrustProcessor';
// The trust rule itself is the application model's (@paasport/kubernetes-node).

export { PaasportDiscoveryProvider } from './discovery/PaasportDiscoveryProvider';
export type {
  DiscoveryRunSummary,
  PaasportDiscoveryProviderOptions,
} from './discovery/PaasportDiscoveryProvider';
export { DiscoveryStore } from './discovery/DiscoveryStore';
export type { WorkloadSnapshot } from './discovery/DiscoveryStore';
export { readCatalogContext } from './discovery/readCatalogContext';
export { readDiscoveryConfig } from './discovery/config';
export type { DiscoveryConfig } from './discovery/config';
export type {
  DiscoveryCatalogContext,
  Workload,
  WorkloadKind,
} from './discovery/types';
