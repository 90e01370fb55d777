import { KubeObject } from '../../kube/types';
import {
  isObserved,
  statusField,
  statusNumber,
  statusString,
} from '../../status/conditions';
import { failed, pending, ready, Readiness } from '../../status/readiness';

/**
 * Container states that do not resolve without someone changing something
 * (a wrong image, a missing Secret). CrashLoopBackOff is included: the
 * kubelet keeps restarting, but Redis crashing at start means bad config.
 */
const STUCK = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CrashLoopBackOff',
]);

/**
 * Readiness of a StatefulSet the operator runs: all wanted replicas ready
 * for the current spec. Standalone Redis and RedisReplication have little or
 * no status of their own, so this is what readiness is read from.
 */
export function statefulSetReadiness(
  statefulSet: KubeObject | undefined,
  wanted: number,
  what: string,
): Readiness {
  if (!statefulSet)
    return pending(`Waiting for the operator to create ${what}`);
  if (!isObserved(statefulSet)) {
    return pending(
      `Waiting for the StatefulSet controller to roll out ${what}`,
    );
  }
  const readyReplicas = statusNumber(statefulSet, 'readyReplicas') ?? 0;
  const updated = statusNumber(statefulSet, 'updatedReplicas') ?? 0;
  if (readyReplicas >= wanted && updated >= wanted) {
    return ready(`${what}: ${readyReplicas}/${wanted} ready`);
  }
  return pending(`${what}: ${readyReplicas}/${wanted} ready`);
}

/** The first pod stuck in a state that will not heal by itself, as a failure. */
export function stuckPod(pods: KubeObject[]): Readiness | undefined {
  for (const pod of pods) {
    const statuses = statusField(pod, 'containerStatuses');
    if (!Array.isArray(statuses)) continue;
    for (const container of statuses) {
      const waiting = (container as { state?: { waiting?: unknown } })?.state
        ?.waiting as { reason?: unknown; message?: unknown } | undefined;
      if (typeof waiting?.reason === 'string' && STUCK.has(waiting.reason)) {
        const message =
          typeof waiting.message === 'string' ? `: ${waiting.message}` : '';
        return failed(`Pod ${pod.metadata.name}: ${waiting.reason}${message}`);
      }
    }
  }
  return undefined;
}

/** RedisReplication reports the pod it made master once replication is set up. */
export function replicationReadiness(
  replication: KubeObject | undefined,
  what: string,
): Readiness {
  const master = statusField(replication, 'masterNode');
  if (master === undefined) return pending(`${what} has no master yet`);
  if (typeof master !== 'string' || master.length === 0) {
    return pending(`${what} reports an unreadable status.masterNode`);
  }
  return ready(`${what} replicates from ${master}`);
}

/**
 * RedisCluster's own status: `state` Initializing → Bootstrap → Ready, or
 * Failed with a `reason`; ready also needs every leader ready.
 */
export function redisClusterReadiness(
  cluster: KubeObject | undefined,
  leaders: number,
  what: string,
): Readiness {
  if (!cluster) return pending(`${what} does not exist yet`);
  const state = statusField(cluster, 'state');
  const reason = statusString(cluster, 'reason');
  const detail = reason ? `: ${reason}` : '';
  if (state === undefined)
    return pending(`Waiting for the operator to report ${what}`);
  if (typeof state !== 'string') {
    return pending(`${what} has an unreadable status.state`);
  }
  if (state === 'Failed') return failed(`${what} failed${detail}`);
  if (state !== 'Ready') return pending(`${what} is ${state}${detail}`);
  const readyLeaders = statusNumber(cluster, 'readyLeaderReplicas') ?? 0;
  return readyLeaders >= leaders
    ? ready(`${what} is ready with ${readyLeaders} leaders`)
    : pending(`${what}: ${readyLeaders}/${leaders} leaders ready`);
}
