/**
 * Paasport's catalog module: trust of catalog locations (only admin-controlled
 * locations may define Groups, Users, Templates, ...), the record of who
 * registered each location (whose teams must own what it brings), validation of the
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
export { watchTrustedOrigins } from './integrity/watchTrustedOrigins';
export { RegisteredOwnerProcessor } from './integrity/RegisteredOwnerProcessor';
export type { RegisteredOwnerProcessorOptions } from './integrity/RegisteredOwnerProcessor';
export {
  needsRegistrant,
  registeredOwnerProblem,
  unregisteredProblem,
} from './integrity/registeredOwner';
export type { RegisteredOwnerFacts } from './integrity/registeredOwner';
export { createRegistrationRouter } from './registrations/createRegistrationRouter';
export type { RegistrationRouterOptions } from './registrations/createRegistrationRouter';
export { catalogLocationExists } from './registrations/catalogLocationExists';
export { DryRunRegistrants } from './registrations/DryRunRegistrants';
export type { DryRunRegistration } from './registrations/DryRunRegistrants';
export { DatabaseLocationRegistrationStore } from './registrations/database/DatabaseLocationRegistrationStore';
export type {
  LocationRegistration,
  LocationRegistrationStore,
} from './registrations/types';

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
