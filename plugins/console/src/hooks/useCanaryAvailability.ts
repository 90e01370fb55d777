import { usePermission } from '@backstage/plugin-permission-react';
import {
  CanarySummary,
  consoleWorkloadCanaryPermission,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import { canaryOwnerGuidance } from '../canary/canaryAvailability';

/** Whether the user can start a canary of a workload, and if not, why. @internal */
export interface CanaryAvailability {
  /** Still asking the permission backend. */
  loading: boolean;
  allowed: boolean;
  /** Shown next to the button: why it is disabled. */
  reason?: string;
}

/** What the Releases tab knows of a workload's canaries. @internal */
export interface WorkloadCanaryState {
  /** The canary running for this Deployment, if any. */
  running?: CanarySummary;
  /** Set when this Deployment is itself the canary of another one. */
  canaryOf?: CanarySummary;
  /** The canaries have not been loaded yet. */
  loading?: boolean;
}

/**
 * Decides whether "Start canary" is enabled. Checks what the backend would
 * refuse (permission, kind, Helm/Argo CD/Flux ownership, a canary already
 * running), so the user learns why before filling in the dialog.
 *
 * @internal
 */
export function useCanaryAvailability(
  workload: WorkloadReleases,
  cluster: string,
  canaries: WorkloadCanaryState,
): CanaryAvailability {
  // On the Component the workload belongs to, as the backend checks it.
  const permission = usePermission({
    permission: consoleWorkloadCanaryPermission,
    resourceRef: workload.entityRef,
  });
  if (permission.loading) {
    return { loading: true, allowed: false };
  }
  if (!permission.allowed) {
    return {
      loading: false,
      allowed: false,
      reason: `You are not allowed to start a canary of ${workload.entityRef}: only its owners and admins can.`,
    };
  }
  const blocked = workloadReason(workload, cluster, canaries);
  if (blocked) return { loading: false, allowed: false, reason: blocked };
  // Whether one runs already is not known yet: wait rather than let the
  // backend answer 409 to a filled-in dialog.
  if (canaries.loading) return { loading: true, allowed: false };
  return { loading: false, allowed: true };
}

function workloadReason(
  workload: WorkloadReleases,
  cluster: string,
  canaries: WorkloadCanaryState,
): string | undefined {
  if (workload.kind !== 'Deployment') {
    return `Canaries run on Deployments; ${workload.name} is a ${workload.kind}.`;
  }
  if (canaries.canaryOf || workload.canaryId) {
    const of = canaries.canaryOf?.name ?? 'a canary release';
    return `This is the canary Deployment of ${of}; Paasport scales and removes it.`;
  }
  const guidance = canaryOwnerGuidance(workload.owner);
  if (guidance) return guidance;
  if (canaries.running) {
    return `A canary of ${workload.name} is already running on ${cluster}.`;
  }
  return undefined;
}
