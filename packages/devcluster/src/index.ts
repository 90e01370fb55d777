/**
 * Real local Kubernetes clusters for Paasport's tests and demo.
 *
 * @packageDocumentation
 */
export {
  devclusterEnv,
  devclusterKubeConfig,
  ensureDevclusterUp,
  readDevclusterConfig,
} from './testing';
export { answered, giteaApi, localGitea } from './gitea';
export type { LocalGitea } from './gitea';
