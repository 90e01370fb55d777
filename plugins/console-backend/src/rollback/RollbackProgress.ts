import { LoggerService } from '@backstage/backend-plugin-api';
import { RollbackStatus } from '@paasport/plugin-console-common';
import { ClusterCaches } from '../cache/ClusterCaches';
import { Deployment } from '../cache/types';
import { deploymentRollout, revisionOf } from '../releases/rollout';
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
 * Follows unfinished rollbacks until their new ReplicaSet is available or the
 * rollout fails (the controller's progress deadline), and records the result.
 *
 * @internal
 */
export class RollbackProgress {
  constructor(
    private readonly options: {
      caches: ClusterCaches;
      store: DatabaseRollbackStore;
      logger: LoggerService;
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
        rolloutProgress(
          rollback,
          cache
            .list('deployments', rollback.namespace)
            .find(d => d.metadata.name === rollback.name),
        ),
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
