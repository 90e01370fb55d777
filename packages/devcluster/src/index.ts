/**
 * Real local Kubernetes clusters for Paasport's tests and demo.
 *
 * @packageDocumentation
 */
export {
  auditLogPath,
  createTeamNamespace,
  deleteNamespace,
  devclusterEnv,
  devclusterKubeConfig,
  ensureDevclusterUp,
  readAuditEvents,
  readDevclusterConfig,
  startTeamPod,
} from './testing';
export { until } from './until';
export type { AuditEvent } from './testing';
export { answered, giteaApi, localGitea } from './gitea';
export type { LocalGitea } from './gitea';
