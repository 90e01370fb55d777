/**
 * Application console: shared types, request schemas, permissions and the
 * API client of the console backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './schemas';
export * from './clusterTypes';
export * from './releaseTypes';
export * from './operationTypes';
export * from './teamTypes';
export * from './comparisonTypes';
export * from './signalTypes';
export * from './logTime';
export * from './canaryTypes';
export * from './canarySchemas';
export { ConsoleClient } from './ConsoleClient';
export type {
  ConsoleApi,
  ConsoleDiscovery,
  ConsoleFetch,
} from './ConsoleClient';
