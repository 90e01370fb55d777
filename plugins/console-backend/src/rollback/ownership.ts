import { WorkloadOwner } from '@paasport/plugin-console-common';
import { KubeObject } from '../cache/types';

const FLUX_PREFIXES = [
  'kustomize.toolkit.fluxcd.io/',
  'helm.toolkit.fluxcd.io/',
];

/**
 * Who manages a workload, from the marks Helm, Argo CD and Flux leave on the
 * objects they apply.
 *
 * @remarks
 * The GitOps tools win over Helm: Flux's HelmReleases and Argo CD's Helm
 * sources also leave Helm's labels, but it is the GitOps tool that would undo
 * a manual rollback. Argo CD's `app.kubernetes.io/instance` tracking mode is
 * not recognised, since Helm charts set that label too.
 *
 * @internal
 */
export function detectOwner(object: KubeObject): WorkloadOwner {
  const labels = object.metadata.labels ?? {};
  const annotations = object.metadata.annotations ?? {};

  const argoInstance = labels['argocd.argoproj.io/instance'];
  const trackingId = annotations['argocd.argoproj.io/tracking-id'];
  if (argoInstance || trackingId) {
    return {
      manager: 'argocd',
      name: argoInstance ?? trackingId?.split(':')[0],
      evidence: [
        ...(argoInstance ? ['label argocd.argoproj.io/instance'] : []),
        ...(trackingId ? ['annotation argocd.argoproj.io/tracking-id'] : []),
      ],
    };
  }

  const fluxLabels = Object.keys(labels).filter(key =>
    FLUX_PREFIXES.some(prefix => key.startsWith(prefix)),
  );
  if (fluxLabels.length) {
    const name =
      labels['kustomize.toolkit.fluxcd.io/name'] ??
      labels['helm.toolkit.fluxcd.io/name'];
    return {
      manager: 'flux',
      ...(name && { name }),
      evidence: fluxLabels.sort().map(key => `label ${key}`),
    };
  }

  const managedBy = labels['app.kubernetes.io/managed-by'];
  const release = annotations['meta.helm.sh/release-name'];
  if (managedBy?.toLowerCase() === 'helm' || release) {
    return {
      manager: 'helm',
      ...(release && { name: release }),
      evidence: [
        ...(managedBy ? ['label app.kubernetes.io/managed-by=Helm'] : []),
        ...(release ? ['annotation meta.helm.sh/release-name'] : []),
      ],
    };
  }
  return { manager: 'none', evidence: [] };
}

/**
 * Why a manual rollback of a managed workload is refused, and what to do
 * instead.
 *
 * @internal
 */
export function ownerGuidance(owner: WorkloadOwner): string | undefined {
  const name = owner.name ? ` '${owner.name}'` : '';
  switch (owner.manager) {
    case 'helm':
      return (
        `it is managed by Helm release${name}; a manual rollback would make ` +
        `Helm's history wrong. Use \`helm rollback${
          name ? ` ${owner.name}` : ''
        }\` ` +
        'or deploy the previous chart values instead'
      );
    case 'argocd':
      return (
        `it is managed by Argo CD application${name}, which would revert the ` +
        'rollback (or report it OutOfSync); revert the change in Git, or use ' +
        "Argo CD's own rollback with auto-sync disabled"
      );
    case 'flux':
      return (
        `it is reconciled by Flux${name}, which reverts manual changes; ` +
        'revert the change in Git, or suspend the Flux object first'
      );
    default:
      return undefined;
  }
}
