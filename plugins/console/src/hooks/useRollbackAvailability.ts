import { usePermission } from '@backstage/plugin-permission-react';
import {
  consoleWorkloadRollbackPermission,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import { ownerGuidance } from '../ownerGuidance';

/** Whether the user can roll a workload back, and if not, why. */
export interface RollbackAvailability {
  /** Still asking the permission backend. */
  loading: boolean;
  allowed: boolean;
  /** Shown next to the disabled button: why, and what to do instead. */
  reason?: string;
}

/**
 * Decides whether the "Roll back" button is enabled. Checks the same things
 * the backend refuses (permission, kind, paused, GitOps/Helm ownership), so
 * the user learns why before filling in the dialog.
 */
export function useRollbackAvailability(
  workload: WorkloadReleases,
): RollbackAvailability {
  // The permission is on the Component the workload belongs to, as the
  // backend checks it; that is also right when shown on a System.
  const permission = usePermission({
    permission: consoleWorkloadRollbackPermission,
    resourceRef: workload.entityRef,
  });
  if (permission.loading) {
    return { loading: true, allowed: false };
  }
  if (!permission.allowed) {
    return {
      loading: false,
      allowed: false,
      reason: `You are not allowed to roll back ${workload.entityRef}: only its owners and admins can.`,
    };
  }
  const reason = workloadReason(workload);
  return { loading: false, allowed: !reason, reason };
}

function workloadReason(workload: WorkloadReleases): string | undefined {
  const { kind, name, namespace } = workload;
  if (kind !== 'Deployment') {
    return `Rollback is offered for Deployments only; roll this ${kind} back through its manifests.`;
  }
  if (workload.paused) {
    return (
      'The Deployment is paused, so a rollback would not roll out. Resume it ' +
      `first: kubectl rollout resume deployment/${name} -n ${namespace}`
    );
  }
  const guidance = ownerGuidance(workload.owner);
  if (guidance) {
    return guidance;
  }
  if (workload.currentRevision === undefined) {
    return 'The running revision is not known yet; try again once the rollout has been observed.';
  }
  const earlier = workload.revisions.some(
    r => r.revision !== workload.currentRevision,
  );
  if (!earlier) {
    return 'There is no earlier revision to roll back to.';
  }
  return undefined;
}
