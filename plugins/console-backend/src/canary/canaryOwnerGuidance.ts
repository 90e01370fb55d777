import { WorkloadOwner } from '@paasport/plugin-console-common';

/**
 * Why a canary of a workload another tool manages is refused, and what to
 * do instead: the tool would revert the promotion, or the canary's scaling,
 * at its next sync. Undefined when nothing else manages it.
 *
 * @internal
 */
export function canaryOwnerGuidance(owner: WorkloadOwner): string | undefined {
  const name = owner.name ? ` '${owner.name}'` : '';
  switch (owner.manager) {
    case 'helm':
      return `it is managed by Helm release${name}, whose next upgrade would undo the promotion; release it through Helm (or a Helm-aware canary tool) instead`;
    case 'argocd':
      return `it is managed by Argo CD application${name}, which would revert the canary's changes (or report it OutOfSync); release through Git, or use Argo Rollouts there`;
    case 'flux':
      return `it is reconciled by Flux${name}, which reverts manual changes; release through Git, or use Flagger with Flux`;
    default:
      return undefined;
  }
}
