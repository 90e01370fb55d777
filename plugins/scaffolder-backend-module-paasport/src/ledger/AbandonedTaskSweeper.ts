import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import { TaskLedger } from './TaskLedger';
import { TaskUndoer, UndoReport } from './TaskUndoer';

/**
 * What one sweep did with each task it looked at.
 *
 * @public
 */
export interface SweepResult {
  /** Failed or cancelled tasks whose leftovers were removed. */
  undone: Array<{ taskId: string; status: string; report: UndoReport }>;
  /** Completed tasks: what they made is the service, so nothing to undo. */
  forgotten: string[];
  /** Still open or processing; looked at again next time. */
  running: string[];
  /** The scaffolder could not say; nothing was touched. */
  unknown: Array<{ taskId: string; reason: string }>;
}

/**
 * Undoes tasks that ended without their undo step: the backend died during
 * the task (the scaffolder's janitor then marks it failed once its heartbeat
 * is older than `scaffolder.taskTimeout`), or a user cancelled it (the
 * scaffolder skips every later step, `if: failure()` ones included).
 *
 * @remarks
 * Runs as a scheduled task, so one replica sweeps at a time. A task is only
 * undone once the scaffolder reports it failed or cancelled; a task it cannot
 * find is left alone, since removing a working service by mistake is worse
 * than leaving leftovers.
 *
 * @public
 */
export class AbandonedTaskSweeper {
  constructor(
    private readonly deps: {
      ledger: TaskLedger;
      undoer: TaskUndoer;
      scaffolder: Pick<ScaffolderService, 'getTask'>;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
    },
  ) {}

  async sweep(): Promise<SweepResult> {
    const { ledger, undoer, scaffolder, auth, auditor, logger } = this.deps;
    const result: SweepResult = {
      undone: [],
      forgotten: [],
      running: [],
      unknown: [],
    };
    const credentials = await auth.getOwnServiceCredentials();
    for (const taskId of await ledger.tasksWithOpenEntries()) {
      let status: string;
      try {
        status = (await scaffolder.getTask({ taskId }, { credentials })).status;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn(`Undo sweep: could not read task ${taskId}: ${reason}`);
        result.unknown.push({ taskId, reason });
        continue;
      }
      if (status === 'completed') {
        await ledger.forget(taskId);
        result.forgotten.push(taskId);
        continue;
      }
      if (status !== 'failed' && status !== 'cancelled') {
        result.running.push(taskId);
        continue;
      }
      // Undo acts as the person who started the task: the audit says so.
      const initiator = (await ledger.initiatorOf(taskId)) ?? null;
      const event = await auditor.createEvent({
        eventId: 'task-undo-sweep',
        severityLevel: 'medium',
        meta: { taskId, taskStatus: status, initiator },
      });
      try {
        const report = await undoer.undo(taskId, line =>
          logger.info(`Task ${taskId} (${status}): ${line}`),
        );
        result.undone.push({ taskId, status, report });
        if (report.failed.length) {
          await event.fail({
            error: new Error(`could not remove: ${report.failed.join('; ')}`),
            meta: { removed: report.removed },
          });
        } else {
          await event.success({ meta: { removed: report.removed } });
        }
      } catch (error) {
        await event.fail({ error: error as Error });
        logger.error(`Undo sweep of task ${taskId} failed`, error as Error);
        result.unknown.push({ taskId, reason: String(error) });
      }
    }
    return result;
  }
}
