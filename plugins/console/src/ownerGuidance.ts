import { WorkloadOwner } from '@paasport/plugin-console-common';

/**
 * What to do instead of a console rollback when a tool owns the workload:
 * Helm's history would be wrong, and GitOps controllers revert manual
 * changes. Mirrors the backend's refusal, which only admins can override.
 *
 * @internal
 */
export function ownerGuidance(owner: WorkloadOwner): string | undefined {
  const named = owner.name ? ` '${owner.name}'` : '';
  switch (owner.manager) {
    case 'helm':
      return (
        `Managed by Helm release${named}: a rollback here would leave Helm's ` +
        `history wrong. Use \`helm rollback${
          owner.name ? ` ${owner.name}` : ''
        }\`` +
        ' or deploy the previous chart values instead.'
      );
    case 'argocd':
      return (
        `Managed by Argo CD application${named}, which would revert the ` +
        'rollback. Revert the change in Git, or use Argo CD’s own rollback ' +
        'with auto-sync disabled.'
      );
    case 'flux':
      return (
        `Reconciled by Flux${named}, which reverts manual changes. Revert ` +
        'the change in Git, or suspend the Flux object first.'
      );
    default:
      return undefined;
  }
}
