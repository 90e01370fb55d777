import { usePermission } from '@backstage/plugin-permission-react';
import {
  consoleWorkloadForceRollbackPermission,
  consoleWorkloadRollbackPermission,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import { ownerGuidance } from '../ownerGuidance';

/** Whether the user can roll a workload back, and if not, why. */
export interface RollbackAvailability {
  /** Still asking the permission backend. */
  loading: boolean;
  allowed: boolean;
  /** Shown next to the button: why it is disabled, or what forcing means. */
  reason?: string;
  /**
   * Set when Helm, Argo CD or Flux manages the workload and the user may
   * still force the rollback (admins): the dialog then asks for explicit
   * confirmation and sends `force`.
   */
  force?: { guidance: string };
}

/**
 * Decides whether the "Roll back" button is enabled. Checks the same things
 * the backend refuses (permission, paused, GitOps/Helm ownership unless the
 * user may force), so the user learns why before filling in the dialog.
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
  const force = usePermission({
    permission: consoleWorkloadForceRollbackPermission,
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
  const blocked = workloadReason(workload);
  if (blocked) {
    return { loading: false, allowed: false, reason: blocked };
  }
  const guidance = ownerGuidance(workload.owner);
  if (!guidance) {
    return { loading: false, allowed: true };
  }
  if (force.loading) {
    return { loading: true, allowed: false };
  }
  if (!force.allowed) {
    return { loading: false, allowed: false, reason: guidance };
  }
  return {
    loading: false,
    allowed: true,
    reason: `${guidance} As an admin you can force the rollback anyway.`,
    force: { guidance },
  };
}

function workloadReason(workload: WorkloadReleases): string | undefined {
  const { name, namespace } = workload;
  if (workload.canaryId) {
    return 'This Deployment runs a canary release: abort or promote the canary instead of rolling it back.';
  }
  if (workload.paused) {
    return (
      'The Deployment is paused, so a rollback would not roll out. Resume it ' +
      `first: kubectl rollout resume deployment/${name} -n ${namespace}`
    );
  }
  if (workload.rollbackWouldNotRollOut) {
    return `${workload.rollbackWouldNotRollOut}: kubectl patch statefulset ${name} -n ${namespace} -p '{"spec":{"updateStrategy":{"type":"RollingUpdate"}}}'`;
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
