import { WorkloadOwner } from '@paasport/plugin-console-common';

// Why a tool that owns a Deployment rules out a canary run from here: the
// promotion rewrites the Deployment's template, which the tool would revert
// or lose track of. Mirrors the backend's refusal (no admin override).

const guidance: Record<
  Exclude<WorkloadOwner['manager'], 'none'>,
  (named: string) => string
> = {
  helm: named =>
    `Managed by Helm release${named}: promoting a canary would change the ` +
    "Deployment behind Helm's back. Release the new version with Helm instead.",
  argocd: named =>
    `Managed by Argo CD application${named}, which would revert the ` +
    'promoted template. Release through Git, or use Argo Rollouts for canaries.',
  flux: named =>
    `Reconciled by Flux${named}, which would revert the promoted template. ` +
    'Release through Git instead.',
};

/**
 * What to do instead of a canary from the console when Helm, Argo CD or
 * Flux manages the Deployment; undefined when none does.
 *
 * @internal
 */
export function canaryOwnerGuidance(owner: WorkloadOwner): string | undefined {
  if (owner.manager === 'none') return undefined;
  return guidance[owner.manager](owner.name ? ` '${owner.name}'` : '');
}
