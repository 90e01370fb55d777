import { LoggerService } from '@backstage/backend-plugin-api';
import { RollbackStatus } from '@paasport/plugin-console-common';
import { ClusterCache } from '../cache/ClusterCache';
import { ClusterCaches } from '../cache/ClusterCaches';
import { ControllerRevision, Deployment, StatefulSet } from '../cache/types';
import {
  deploymentRollout,
  isOwnedBy,
  revisionOf,
  statefulSetRollout,
} from '../releases/rollout';
import {
  DatabaseRollbackStore,
  RollbackUpdate,
  StoredRollback,
} from './RollbackStore';

/**
 * Where a rollback's rollout stands, judged from the Deployment as the watch
 * cache last saw it.
 *
 * @internal
 */
export function rolloutProgress(
  rollback: StoredRollback,
  deployment: Deployment | undefined,
): RollbackUpdate {
  const done = new Date().toISOString();
  if (!deployment) {
    return {
      status: 'failed',
      message: 'the Deployment was deleted',
      finishedAt: done,
    };
  }
  const generation = deployment.metadata.generation ?? 0;
  const observed = deployment.status?.observedGeneration ?? 0;
  if (generation > rollback.targetGeneration) {
    return {
      status: 'superseded',
      message: 'the Deployment was changed again before this rollout finished',
      finishedAt: done,
    };
  }
  if (observed < rollback.targetGeneration) {
    return {
      status: 'progressing',
      message: 'waiting for the controller to pick up the rollback',
    };
  }
  const rollout = deploymentRollout(deployment);
  const newRevision = revisionOf(deployment);
  switch (rollout.state) {
    case 'complete':
      return {
        status: 'succeeded',
        message: `revision ${newRevision} is available`,
        newRevision,
        finishedAt: done,
      };
    case 'failed':
      return {
        status: 'failed',
        message: rollout.message,
        newRevision,
        finishedAt: done,
      };
    default:
      return { status: 'progressing', message: rollout.message, newRevision };
  }
}

/**
 * Where a StatefulSet rollback's rollout stands. StatefulSets have no
 * progress deadline of their own, so the rollback fails once `deadlineMs`
 * passed since it started without the updated pods becoming ready.
 *
 * @internal
 */
export function statefulSetProgress(
  rollback: StoredRollback,
  set: StatefulSet | undefined,
  controllerRevisions: ControllerRevision[],
  options: { now: Date; deadlineMs: number },
): RollbackUpdate {
  const done = options.now.toISOString();
  if (!set) {
    return {
      status: 'failed',
      message: 'the StatefulSet was deleted',
      finishedAt: done,
    };
  }
  const generation = set.metadata.generation ?? 0;
  if (generation > rollback.targetGeneration) {
    return {
      status: 'superseded',
      message: 'the StatefulSet was changed again before this rollout finished',
      finishedAt: done,
    };
  }
  const observed = set.status?.observedGeneration ?? 0;
  // The controller renumbers the restored ControllerRevision to the next
  // revision; until the cache saw that (a separate watch), it is not known.
  const newRevision =
    observed >= rollback.targetGeneration
      ? controllerRevisions.find(
          cr =>
            cr.metadata.name === set.status?.updateRevision &&
            isOwnedBy(cr, set.metadata.uid) &&
            cr.revision > rollback.fromRevision,
        )?.revision
      : undefined;
  const rollout = statefulSetRollout(set);
  if (newRevision && rollout.state === 'complete') {
    return {
      status: 'succeeded',
      message: `revision ${newRevision} is ready`,
      newRevision,
      finishedAt: done,
    };
  }
  const waiting = newRevision
    ? rollout.message ?? 'waiting for the updated pods'
    : 'waiting for the controller to pick up the rollback';
  const elapsed = options.now.getTime() - Date.parse(rollback.createdAt);
  if (elapsed > options.deadlineMs) {
    return {
      status: 'failed',
      message:
        `not ready after ${Math.round(elapsed / 1000)} s (${waiting}). ` +
        'A StatefulSet replaces one pod at a time and waits for it to be ' +
        'ready; a pod stuck on the bad revision may need deleting by hand',
      ...(newRevision && { newRevision }),
      finishedAt: done,
    };
  }
  return {
    status: 'progressing',
    message: waiting,
    ...(newRevision && { newRevision }),
  };
}

/**
 * Follows unfinished rollbacks until their new revision is available or the
 * rollout fails (the Deployment controller's progress deadline, or ours for
 * StatefulSets), and records the result.
 *
 * @internal
 */
export class RollbackProgress {
  constructor(
    private readonly options: {
      caches: ClusterCaches;
      store: DatabaseRollbackStore;
      logger: LoggerService;
      /** How long a StatefulSet rollback may take before it counts as failed. */
      statefulSetDeadlineMs: number;
    },
  ) {}

  /** The rollback with its status brought up to date. */
  async refresh(rollback: StoredRollback): Promise<RollbackStatus> {
    const { targetGeneration: _, ...current } = rollback;
    if (rollback.status !== 'progressing') {
      return current;
    }
    let update: RollbackUpdate;
    try {
      update = await this.options.caches.read(rollback.cluster, cache =>
        this.progressOf(rollback, cache),
      );
    } catch {
      // The cluster is unreachable: nothing new to tell yet.
      return current;
    }
    if (
      update.status === current.status &&
      update.message === current.message &&
      update.newRevision === current.newRevision
    ) {
      return current;
    }
    await this.options.store.update(rollback.id, update);
    return { ...current, ...update, updatedAt: new Date().toISOString() };
  }

  private progressOf(
    rollback: StoredRollback,
    cache: ClusterCache,
  ): RollbackUpdate {
    const named = (o: { metadata: { name: string } }) =>
      o.metadata.name === rollback.name;
    if (rollback.kind === 'StatefulSet') {
      return statefulSetProgress(
        rollback,
        cache.list('statefulsets', rollback.namespace).find(named),
        cache.list('controllerrevisions', rollback.namespace),
        { now: new Date(), deadlineMs: this.options.statefulSetDeadlineMs },
      );
    }
    return rolloutProgress(
      rollback,
      cache.list('deployments', rollback.namespace).find(named),
    );
  }

  /** One pass over every unfinished rollback (the scheduled task). */
  async refreshAll(): Promise<void> {
    for (const rollback of await this.options.store.listProgressing()) {
      const status = await this.refresh(rollback);
      if (status.status !== 'progressing') {
        this.options.logger.info(
          `Rollback ${rollback.id} of ${rollback.cluster} ${rollback.namespace}/${rollback.name} ${status.status}: ${status.message}`,
        );
      }
    }
  }
}
