import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import { TaskLedger } from './TaskLedger';
import { TaskUndoClaims, UndoClaim } from './TaskUndoClaims';
import { TaskUndoer, UndoReport } from './TaskUndoer';
import { UndoLease, UndoLeaseLostError } from './UndoLease';

/**
 * What one sweep did with each task it looked at.
 *
 * @public
 */
export interface SweepResult {
  /** Failed or cancelled tasks whose leftovers this sweep removed. */
  undone: Array<{
    taskId: string;
    status: string;
    report: UndoReport;
    /** The sweep that had stopped mid-undo, when this one took over. */
    takenOverFrom?: string;
  }>;
  /** Completed tasks: what they made is the service, so nothing to undo. */
  forgotten: string[];
  /** Still open or processing; looked at again next time. */
  running: string[];
  /** Being undone by another replica, whose claim holds. */
  claimedElsewhere: string[];
  /**
   * Undo stopped part-way: the lease was lost (another replica may take
   * over) or the sweep ran out of time; the lease runs out and any replica
   * resumes.
   */
  interrupted: Array<{ taskId: string; reason: string }>;
  /** The scaffolder could not say, or the undo failed; nothing more done. */
  unknown: Array<{ taskId: string; reason: string }>;
}

interface AbandonedTask {
  id: string;
  status: string;
  lastHeartbeatAt?: string;
  /** The replicas whose steps recorded its entries: those that ran it. */
  ranOn: string[];
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** The first line of the task's undo history: why a sweep undoes it. */
function abandonment(task: AbandonedTask, owner: string) {
  const { ranOn } = task;
  const why =
    task.status === 'cancelled'
      ? 'was cancelled, so the scaffolder skipped its undo step'
      : 'failed without its undo step finishing (the replica running it stopped, or the step never ran)';
  const where = ranOn.length
    ? `it ran on ${ranOn.join(', ')}`
    : 'the replica that ran it is not recorded';
  const beat = task.lastHeartbeatAt
    ? `, last heartbeat ${task.lastHeartbeatAt}`
    : '';
  return `Task ${why}; ${where}${beat}. ${owner} takes the undo over`;
}

function summary(report: UndoReport): string {
  return `${report.removed.length} removed, ${report.notThere.length} not there, ${report.kept.length} kept, ${report.failed.length} could not be removed`;
}

/**
 * Undoes tasks that ended without their undo step: the backend died during
 * the task (the scaffolder's janitor then marks it failed once its heartbeat
 * is older than `scaffolder.taskTimeout`), or a user cancelled it (the
 * scaffolder skips every later step, `if: failure()` ones included).
 *
 * @remarks
 * Runs on every replica. Each task is claimed in the database with a short
 * lease, renewed while its undo runs, so exactly one replica undoes it; one
 * that dies mid-undo loses the claim when the lease runs out and another
 * resumes (removals are by uid, so one already done is found gone). The
 * task's undo history records who ran the task, who took its undo over and
 * who resumed after whom.
 *
 * A task is only undone once the scaffolder reports it failed or cancelled;
 * a task it cannot find is left alone, since removing a working service by
 * mistake is worse than leaving leftovers.
 *
 * @public
 */
export class AbandonedTaskSweeper {
  constructor(
    private readonly deps: {
      ledger: TaskLedger;
      claims: TaskUndoClaims;
      undoer: TaskUndoer;
      scaffolder: Pick<ScaffolderService, 'getTask'>;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
      /** This sweep in claims and histories (one per replica). */
      owner: string;
      /** How long a claim lasts without renewal. */
      leaseMs: number;
    },
  ) {}

  /** Sweeps once; stops taking new tasks (and waiting) once `signal` aborts. */
  async sweep(signal?: AbortSignal): Promise<SweepResult> {
    const { ledger, scaffolder, auth, logger } = this.deps;
    const result: SweepResult = {
      undone: [],
      forgotten: [],
      running: [],
      claimedElsewhere: [],
      interrupted: [],
      unknown: [],
    };
    const credentials = await auth.getOwnServiceCredentials();
    const tasks = await ledger.tasksWithOpenEntries(100, {
      skipLeasedAt: new Date(),
    });
    for (const taskId of tasks) {
      if (signal?.aborted) break;
      let task: { status: string; lastHeartbeatAt?: string };
      try {
        task = await scaffolder.getTask({ taskId }, { credentials });
      } catch (error) {
        const reason = messageOf(error);
        logger.warn(`Undo sweep: could not read task ${taskId}: ${reason}`);
        result.unknown.push({ taskId, reason });
        continue;
      }
      if (task.status === 'completed') {
        await ledger.forget(taskId);
        result.forgotten.push(taskId);
        continue;
      }
      if (task.status !== 'failed' && task.status !== 'cancelled') {
        result.running.push(taskId);
        continue;
      }
      const abandoned: AbandonedTask = {
        id: taskId,
        status: task.status,
        lastHeartbeatAt: task.lastHeartbeatAt,
        ranOn: await ledger.replicasOf(taskId),
      };
      await this.undoClaimed(abandoned, result, signal);
    }
    return result;
  }

  private async undoClaimed(
    task: AbandonedTask,
    result: SweepResult,
    signal?: AbortSignal,
  ): Promise<void> {
    const { claims, logger, owner, leaseMs } = this.deps;
    const taskId = task.id;
    const claimedAt = Date.now();
    let claim: UndoClaim | undefined;
    try {
      claim = await claims.claim(taskId, owner, {
        leaseMs,
        abandonment: abandonment(task, owner),
      });
    } catch (error) {
      logger.warn(`Undo sweep: could not claim task ${taskId}: ${error}`);
      result.unknown.push({ taskId, reason: messageOf(error) });
      return;
    }
    if (!claim) {
      result.claimedElsewhere.push(taskId);
      return;
    }
    const lease = new UndoLease(
      claims,
      taskId,
      owner,
      leaseMs,
      logger,
      claimedAt,
    ).start();
    try {
      await this.undoWithLease(task, claim, lease, result, signal);
    } finally {
      await lease.stop();
    }
  }

  private async undoWithLease(
    task: AbandonedTask,
    claim: UndoClaim,
    lease: UndoLease,
    result: SweepResult,
    signal?: AbortSignal,
  ): Promise<void> {
    const { ledger, claims, undoer, auditor, logger, owner } = this.deps;
    const taskId = task.id;
    const log = (line: string) =>
      logger.info(`Task ${taskId} (${task.status}): ${line}`);
    log(claim.message);
    // Undo acts as the person who started the task: the audit says so, and
    // names the replica that ran the task and the sweep that undoes it.
    const event = await auditor.createEvent({
      eventId: 'task-undo-sweep',
      severityLevel: 'medium',
      meta: {
        taskId,
        taskStatus: task.status,
        initiator: (await ledger.initiatorOf(taskId)) ?? null,
        ranOn: task.ranOn,
        undoneBy: owner,
        takenOverFrom: claim.takenOverFrom?.owner ?? null,
      },
    });
    let report: UndoReport;
    try {
      report = await untilAborted(
        undoer.undo(taskId, log, { guard: lease }),
        signal,
      );
    } catch (error) {
      if (error instanceof UndoLeaseLostError || signal?.aborted) {
        // Not released: the lease runs out and another replica resumes,
        // its history naming this sweep as the one that stopped.
        lease.abandon();
        const reason = signal?.aborted
          ? `the sweep ran out of time (${messageOf(error)})`
          : messageOf(error);
        logger.warn(`Undo sweep of task ${taskId} stopped: ${reason}`);
        result.interrupted.push({ taskId, reason });
        await event.fail({ error: error as Error });
        return;
      }
      await claims
        .release(taskId, owner, {
          event: 'interrupted',
          message: `${owner} stopped the undo: ${messageOf(error)}`,
        })
        .catch(() => false);
      await event.fail({ error: error as Error });
      logger.error(`Undo sweep of task ${taskId} failed`, error as Error);
      result.unknown.push({ taskId, reason: String(error) });
      return;
    }
    await claims.release(taskId, owner, {
      event: 'finished',
      message: `${owner} finished the undo: ${summary(report)}`,
    });
    result.undone.push({
      taskId,
      status: task.status,
      report,
      ...(claim.takenOverFrom
        ? { takenOverFrom: claim.takenOverFrom.owner }
        : {}),
    });
    if (report.failed.length) {
      await event.fail({
        error: new Error(`could not remove: ${report.failed.join('; ')}`),
        meta: { removed: report.removed },
      });
    } else {
      await event.success({ meta: { removed: report.removed } });
    }
  }
}

/**
 * Waits for `work` unless `signal` aborts first: a removal that never
 * answers must not keep this replica from sweeping. The abandoned work is
 * stopped by its lease (no longer held) at its next step.
 */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted while undoing'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}
