import { LoggerService } from '@backstage/backend-plugin-api';
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
 * The heartbeat of one claimed undo: renews the lease every third of a
 * lease while the undo runs, so a long undo (a slow cluster, many entries)
 * keeps its task, while a dead replica's task is free within one lease.
 *
 * @remarks
 * The lease is also tracked locally (when the last renewal that reached the
 * database runs out), so a replica cut off from the database stops removing
 * things before another can take the task over.
 */
export class UndoLease implements UndoGuard {
  private heldUntil: number;
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  private abandoned = false;

  constructor(
    private readonly claims: TaskUndoClaims,
    private readonly taskId: string,
    readonly owner: string,
    private readonly leaseMs: number,
    private readonly logger: LoggerService,
    /** Taken before the claim, so the local deadline is never the later one. */
    claimedAt: number,
  ) {
    this.heldUntil = claimedAt + leaseMs;
  }

  start(): this {
    this.timer = setInterval(
      () => void this.renew(),
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    return this;
  }

  isHeld(): boolean {
    return this.heldUntil > Date.now();
  }

  assertHeld(): void {
    if (!this.isHeld()) throw new UndoLeaseLostError(this.taskId, this.owner);
  }

  /**
   * Gives up without releasing: no more renewals, and the undo stops at its
   * next step; the lease runs out and another replica takes the task over.
   */
  abandon(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.abandoned = true;
    this.heldUntil = 0;
  }

  /** Stops the heartbeat; waits for a renewal in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }

  /** One heartbeat; overlapping ticks are skipped, not queued. */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    const startedAt = Date.now();
    try {
      const held = await this.claims.renew(this.taskId, this.owner, {
        leaseMs: this.leaseMs,
      });
      if (this.abandoned) return;
      this.heldUntil = held ? startedAt + this.leaseMs : 0;
    } catch (error) {
      // The local deadline stands: the undo stops once it passes.
      this.logger.warn(
        `Could not renew the undo lease of task ${this.taskId}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}
