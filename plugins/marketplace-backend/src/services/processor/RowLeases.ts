import { LoggerService } from '@backstage/backend-plugin-api';
import { LeaseKeeper } from '@paasport/plugin-paasport-node';
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
 * The leases of one batch of claimed rows, kept by paasport-node's
 * LeaseKeeper: renewed every third of a lease for as long as they are held,
 * so a slow provider call (or a row waiting for its turn in the batch) keeps
 * its row, while a dead replica's rows fall free within one lease; a
 * processor cut off from the database stops calling providers before another
 * one can take its rows.
 */
export class RowLeases implements LeaseCheck {
  private readonly keeper: LeaseKeeper;

  constructor(
    store: DatabaseMarketplaceStore,
    private readonly kind: LeasedKind,
    owner: string,
    leaseMs: number,
    logger: LoggerService,
  ) {
    this.keeper = new LeaseKeeper({
      leaseMs,
      renew: ids => store.renewLeases(kind, owner, ids, { leaseMs }),
      logger,
      what: `${kind} lease(s)`,
    });
  }

  /**
   * Starts the heartbeat for rows claimed at `claimedAt` (taken before the
   * claim, so the local deadline is never later than the database's).
   */
  start(ids: string[], claimedAt: number): this {
    this.keeper.hold(ids, claimedAt);
    return this;
  }

  isHeld(id: string): boolean {
    return this.keeper.isHeld(id);
  }

  assertHeld(id: string): void {
    if (!this.isHeld(id)) throw new LeaseLostError(this.kind, id);
  }

  /** The row is done with (its lease cleared or released): stop renewing it. */
  drop(id: string): void {
    this.keeper.drop(id);
  }

  /** Stops the heartbeat; waits for a renewal in flight. */
  stop(): Promise<void> {
    return this.keeper.stop();
  }
}
