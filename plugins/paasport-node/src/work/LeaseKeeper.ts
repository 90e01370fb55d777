import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Why a lease is no longer held: the database said another worker (or a
 * retry, or the work's own end) has it, or no renewal got through for a
 * whole lease, so another worker may have taken it.
 *
 * @public
 */
export type LeaseLoss = 'taken' | 'unrenewed';

/** Options of {@link LeaseKeeper}. @public */
export interface LeaseKeeperOptions {
  /** How long a lease lasts without renewal. */
  leaseMs: number;
  /**
   * Extends the leases of `ids` in the database; answers the ids this worker
   * still holds (the others went to someone else, or were given back).
   */
  renew(ids: string[]): Promise<string[]>;
  /** Called once per id whose lease is lost while it was held. */
  onLost?(id: string, loss: LeaseLoss): void;
  logger: LoggerService;
  /** What the leases are of, for the log: `marketplace request leases`. */
  what: string;
}

/**
 * The heartbeat of leased work: renews the leases of the ids it holds every
 * third of a lease, for as long as the work runs, so a slow step keeps its
 * work while a dead replica's work falls free within one lease.
 *
 * @remarks
 * Each lease is also tracked here: it runs out at the start of the last
 * renewal that reached the database plus a lease (the claim's time for the
 * first). A worker cut off from the database therefore stops (`isHeld` turns
 * false) before another worker can take its work over, and never acts on
 * work it may have lost. Background work in Paasport is rows claimed with
 * such leases; each plugin keeps its own claims and guarded writes, and this
 * is the part they share.
 *
 * @public
 */
export class LeaseKeeper {
  /** id → when its lease runs out at the latest, epoch ms. */
  private readonly heldUntil = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;

  constructor(private readonly options: LeaseKeeperOptions) {}

  /**
   * Holds leases of `ids` claimed at `claimedAt` (taken before the claim, so
   * the deadline here is never later than the database's) and starts the
   * heartbeat if it does not run yet.
   */
  hold(ids: string[], claimedAt: number): this {
    for (const id of ids) {
      this.heldUntil.set(id, claimedAt + this.options.leaseMs);
    }
    if (ids.length > 0 && !this.timer) {
      this.timer = setInterval(
        () => void this.renew(),
        Math.max(1, Math.floor(this.options.leaseMs / 3)),
      );
      this.timer.unref?.();
    }
    return this;
  }

  /** Whether the lease of `id` surely still holds. */
  isHeld(id: string): boolean {
    return (this.heldUntil.get(id) ?? 0) > Date.now();
  }

  /** Done with `id` (finished, or given back): stop renewing it. */
  drop(id: string): void {
    this.heldUntil.delete(id);
  }

  /**
   * Gives every lease up without releasing it in the database: no more
   * renewals, `isHeld` is false at once, and the leases run out for another
   * worker to take the work over.
   */
  abandon(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const id of this.heldUntil.keys()) this.heldUntil.set(id, 0);
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
    const now = Date.now();
    const ids = [...this.heldUntil.entries()]
      .filter(([, until]) => until > now)
      .map(([id]) => id);
    this.reportRunOut(now);
    if (ids.length === 0) return;
    let held: Set<string>;
    try {
      held = new Set(await this.options.renew(ids));
    } catch (error) {
      // The deadlines here stand: the work stops once they pass.
      this.options.logger.warn(
        `Could not renew ${ids.length} ${this.options.what}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return;
    }
    for (const id of ids) {
      const until = this.heldUntil.get(id);
      // Dropped or abandoned meanwhile.
      if (until === undefined || until === 0) continue;
      if (held.has(id)) {
        this.heldUntil.set(id, now + this.options.leaseMs);
      } else {
        this.heldUntil.delete(id);
        this.options.onLost?.(id, 'taken');
      }
    }
  }

  /** Leases that ran out without a renewal: lost, said once each. */
  private reportRunOut(now: number): void {
    for (const [id, until] of this.heldUntil) {
      if (until !== 0 && until <= now) {
        this.heldUntil.delete(id);
        this.options.onLost?.(id, 'unrenewed');
      }
    }
  }
}
