/**
 * Real local Kubernetes clusters for Paasport's tests and demo.
 *
 * @packageDocumentation
 */
export {
  devclusterEnv,
  ensureDevclusterUp,
  readDevclusterConfig,
} from './testing';
