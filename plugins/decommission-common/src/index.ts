/**
 * Decommission of services and applications: shared types, request schemas,
 * permissions and the API client of the decommission backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './schemas';
export * from './types';
export { DecommissionClient } from './DecommissionClient';
export type {
  DecommissionApi,
  DecommissionDiscovery,
  DecommissionFetch,
} from './DecommissionClient';
