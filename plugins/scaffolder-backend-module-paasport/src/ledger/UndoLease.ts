import { LoggerService } from '@backstage/backend-plugin-api';
import { LeaseKeeper } from '@paasport/plugin-paasport-node';
import { TaskUndoClaims } from './TaskUndoClaims';

/**
 * Thrown when an undo finds its task's lease gone: another sweep may be
 * taking the task over, so this one must not remove anything more.
 *
 * @public
 */
export class UndoLeaseLostError extends Error {
  readonly name = 'UndoLeaseLostError';
  constructor(taskId: string, owner: string) {
    super(
      `${owner} lost the lease of the undo of task ${taskId}; another replica may take it over`,
    );
  }
}

/**
 * What undo asks before each removal and names on each ledger write.
 *
 * @public
 */
export interface UndoGuard {
  /** The claimant: ledger writes are guarded by its lease. */
  owner: string;
  /** Throws {@link UndoLeaseLostError} unless the lease still holds. */
  assertHeld(): void;
}

/**
 * The heartbeat of one claimed undo (paasport-node's LeaseKeeper): renews
 * the lease every third of a lease while the undo runs, so a long undo (a
 * slow cluster, many entries) keeps its task, while a dead replica's task is
 * free within one lease.
 *
 * @remarks
 * The lease is also tracked locally (when the last renewal that reached the
 * database runs out), so a replica cut off from the database stops removing
 * things before another can take the task over.
 */
export class UndoLease implements UndoGuard {
  private readonly keeper: LeaseKeeper;

  constructor(
    claims: TaskUndoClaims,
    private readonly taskId: string,
    readonly owner: string,
    leaseMs: number,
    logger: LoggerService,
    /** Taken before the claim, so the local deadline is never the later one. */
    private readonly claimedAt: number,
  ) {
    this.keeper = new LeaseKeeper({
      leaseMs,
      logger,
      what: `undo lease of task ${taskId}`,
      renew: async ids =>
        (await claims.renew(taskId, owner, { leaseMs })) ? ids : [],
    });
  }

  start(): this {
    this.keeper.hold([this.taskId], this.claimedAt);
    return this;
  }

  isHeld(): boolean {
    return this.keeper.isHeld(this.taskId);
  }

  assertHeld(): void {
    if (!this.isHeld()) throw new UndoLeaseLostError(this.taskId, this.owner);
  }

  /**
   * Gives up without releasing: no more renewals, and the undo stops at its
   * next step; the lease runs out and another replica takes the task over.
   */
  abandon(): void {
    this.keeper.abandon();
  }

  /** Stops the heartbeat; waits for a renewal in flight. */
  stop(): Promise<void> {
    return this.keeper.stop();
  }

  /** One heartbeat; overlapping ticks are skipped, not queued. */
  renew(): Promise<void> {
    return this.keeper.renew();
  }
}
