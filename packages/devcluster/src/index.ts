/**
 * Real local Kubernetes clusters for Paasport's tests and demo.
 *
 * @packageDocumentation
 */
export { devclusterEnv, ensureDevclusterUp } from './testing';
