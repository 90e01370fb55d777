import { RolloutState } from '@paasport/plugin-console-common';
import { Deployment, Pod, PodTemplate, StatefulSet } from '../cache/types';

/** The Deployment controller's revision number on Deployments and ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** What kubectl and humans write to say why a rollout happened. */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** @internal */
export interface Rollout {
  state: RolloutState;
  message?: string;
}

/**
 * A Deployment's rollout state, decided as `kubectl rollout status` does.
 *
 * @internal
 */
export function deploymentRollout(deployment: Deployment): Rollout {
  const { metadata, spec, status = {} } = deployment;
  if ((metadata.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return {
      state: 'progressing',
      message: 'waiting for the controller to observe the new spec',
    };
  }
  const progressing = status.conditions?.find(c => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      state: 'failed',
      message: progressing.message ?? 'progress deadline exceeded',
    };
  }
  const desired = spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  let waiting: string | undefined;
  if (updated < desired) {
    waiting = `${updated} of ${desired} replicas updated`;
  } else if (total > updated) {
    waiting = `${total - updated} old replicas pending termination`;
  } else if (available < updated) {
    waiting = `${available} of ${updated} updated replicas available`;
  }
  if (spec.paused) {
    return {
      state: 'paused',
      message: `rollout paused${waiting ? ` with ${waiting}` : ''}`,
    };
  }
  return waiting
    ? { state: 'progressing', message: waiting }
    : { state: 'complete' };
}

/**
 * A StatefulSet's rollout state, as `kubectl rollout status` decides it.
 *
 * @internal
 */
export function statefulSetRollout(set: StatefulSet): Rollout {
  const { metadata, spec, status = {} } = set;
  if (
    !status.observedGeneration ||
    (metadata.generation ?? 0) > status.observedGeneration
  ) {
    return {
      state: 'progressing',
      message: 'waiting for the controller to observe the new spec',
    };
  }
  const desired = spec.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  if (spec.updateStrategy?.type === 'OnDelete') {
    // The controller replaces no pod by itself; kubectl reports no status.
    return status.updateRevision &&
      status.updateRevision !== status.currentRevision
      ? {
          state: 'paused',
          message: `OnDelete update strategy: ${updated} of ${desired} pods updated; the others change only when deleted`,
        }
      : { state: 'complete' };
  }
  if (ready < desired) {
    return {
      state: 'progressing',
      message: `${ready} of ${desired} pods ready`,
    };
  }
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    // Only ordinals >= partition are updated: done once those are.
    const expected = Math.max(desired - partition, 0);
    return updated < expected
      ? {
          state: 'progressing',
          message: `partitioned rollout: ${updated} of ${expected} pods updated`,
        }
      : { state: 'complete' };
  }
  if (
    status.updateRevision &&
    status.updateRevision !== status.currentRevision
  ) {
    return {
      state: 'progressing',
      message: `${updated} of ${desired} pods updated`,
    };
  }
  return { state: 'complete' };
}

/** Container images of a pod template, in container order. */
export function templateImages(template?: PodTemplate): string[] {
  return (template?.spec?.containers ?? []).map(c => c.image ?? '');
}

/** The revision number in an object's annotations, if any. */
export function revisionOf(object: {
  metadata: { annotations?: Record<string, string> };
}): number | undefined {
  const value = Number(object.metadata.annotations?.[REVISION_ANNOTATION]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Whether the object is controlled by the owner with this uid. */
export function isOwnedBy(
  object: { metadata: { ownerReferences?: Array<{ uid: string }> } },
  uid: string,
): boolean {
  return object.metadata.ownerReferences?.some(o => o.uid === uid) ?? false;
}

/** A pod counts as ready when it runs and all its containers are ready. */
export function isPodReady(pod: Pod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  return (
    pod.status?.phase === 'Running' &&
    statuses.length > 0 &&
    statuses.every(s => s.ready)
  );
}

/**
 * Why a rollback of this StatefulSet would not roll out, if it would not.
 *
 * @internal
 */
export function statefulSetNotRollingOut(set: StatefulSet): string | undefined {
  if (set.spec.updateStrategy?.type !== 'OnDelete') return undefined;
  const { namespace, name } = set.metadata;
  return (
    `StatefulSet ${namespace}/${name} uses the OnDelete update strategy: a rollback ` +
    'would change no pod until each is deleted by hand. Switch it to RollingUpdate first'
  );
}
