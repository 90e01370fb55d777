import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DatabaseMarketplaceStore,
  LeasedKind,
} from '../../database/DatabaseMarketplaceStore';

/** Thrown by a step that finds its row's lease gone: it must stop at once. */
export class LeaseLostError extends Error {
  readonly name = 'LeaseLostError';
  constructor(kind: LeasedKind, id: string) {
    super(`Lost the lease of ${kind} ${id}; another processor may take it`);
  }
}

/** What a step asks before it calls a provider or a cluster. */
export interface LeaseCheck {
  /** Throws {@link LeaseLostError} unless the row's lease still holds. */
  assertHeld(id: string): void;
}

/**
 * The heartbeat of one batch of claimed rows: renews their leases every third
 * of a lease for as long as they are held, so a slow provider call (or a row
 * waiting for its turn in the batch) keeps its row, while a dead replica's
 * rows fall free within one lease.
 *
 * Each row's lease is also tracked locally (when the last renewal that
 * reached the database will run out), so a processor cut off from the
 * database stops calling providers before another one can take its rows.
 */
export class RowLeases implements LeaseCheck {
  /** Row id → when its lease runs out at the latest, epoch ms. */
  private readonly heldUntil = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;

  constructor(
    private readonly store: DatabaseMarketplaceStore,
    private readonly kind: LeasedKind,
    private readonly owner: string,
    private readonly leaseMs: number,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Starts the heartbeat for rows claimed at `claimedAt` (taken before the
   * claim, so the local deadline is never later than the database's).
   */
  start(ids: string[], claimedAt: number): this {
    for (const id of ids) this.heldUntil.set(id, claimedAt + this.leaseMs);
    if (ids.length > 0) {
      this.timer = setInterval(
        () => void this.renew(),
        Math.max(1, Math.floor(this.leaseMs / 3)),
      );
    }
    return this;
  }

  isHeld(id: string): boolean {
    return (this.heldUntil.get(id) ?? 0) > Date.now();
  }

  assertHeld(id: string): void {
    if (!this.isHeld(id)) throw new LeaseLostError(this.kind, id);
  }

  /** The row is done with (its lease cleared or released): stop renewing it. */
  drop(id: string): void {
    this.heldUntil.delete(id);
  }

  /** Stops the heartbeat; waits for a renewal in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }

  /** One heartbeat; overlapping ticks are skipped, not queued. */
  renew(): Promise<void> {
    this.renewing ??= this.renewHeld().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewHeld(): Promise<void> {
    const ids = [...this.heldUntil.keys()];
    if (ids.length === 0) return;
    const startedAt = Date.now();
    let held: Set<string>;
    try {
      held = new Set(
        await this.store.renewLeases(this.kind, this.owner, ids, {
          leaseMs: this.leaseMs,
        }),
      );
    } catch (error) {
      // The local deadlines stand: steps stop once they pass.
      this.logger.warn(
        `Could not renew ${ids.length} ${this.kind} lease(s): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return;
    }
    for (const id of ids) {
      if (!this.heldUntil.has(id)) continue; // dropped meanwhile
      if (held.has(id)) {
        this.heldUntil.set(id, startedAt + this.leaseMs);
      } else {
        // Expired, or cleared by the step's own last write a moment ago.
        this.heldUntil.delete(id);
      }
    }
  }
}
