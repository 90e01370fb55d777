import type {
  CanaryUpdate,
  ClaimOptions,
  NewCanary,
  NewCanaryEvent,
  NewVerdict,
  StoredCanary,
  StoredCanaryEvent,
  StoredVerdict,
} from './types';

export * from './types';
export { DatabaseCanaryStore } from './DatabaseCanaryStore';

/**
 * Where canaries, their verdicts and their history live. Every write that
 * changes a canary is a compare-and-set on its `version`; the scheduler's
 * writes are also bound to the lease it claimed.
 *
 * @internal
 */
export interface CanaryStore {
  /**
   * Stores a new canary at version 1. Throws `ConflictError`, naming the
   * running one, if its Deployment already has an active canary.
   */
  create(canary: NewCanary): Promise<StoredCanary>;
  get(id: string): Promise<StoredCanary | undefined>;
  /** Active and past canaries of an entity, newest first. */
  listForEntity(
    entityRef: string,
    options?: { limit?: number },
  ): Promise<StoredCanary[]>;
  /** Canaries not finished yet, oldest first. */
  listActive(filter?: {
    entityRefs?: string[];
    cluster?: string;
  }): Promise<StoredCanary[]>;
  /**
   * Leases to `owner` up to `limit` active canaries that are due and not
   * leased by a live owner; no two concurrent claims get the same canary.
   */
  claimDue(options: ClaimOptions): Promise<StoredCanary[]>;
  /**
   * Applies `update` with its events and verdicts in one transaction and
   * answers the new version. `ConflictError` when the canary changed since
   * `expectedVersion`, has finished, or the lease is no longer the saver's.
   */
  save(id: string, update: CanaryUpdate): Promise<number>;
  /** Extends `owner`'s live lease; false when it is no longer held. */
  renewLease(
    id: string,
    owner: string,
    leaseMs: number,
    now?: Date,
  ): Promise<boolean>;
  /** Extends the live leases `owner` holds among `ids`; answers those ids. */
  renewLeases(
    owner: string,
    ids: string[],
    leaseMs: number,
    now?: Date,
  ): Promise<string[]>;
  /**
   * Gives a lease back without changing the state, e.g. after a tick that
   * found nothing to do, optionally saying when to look again.
   */
  releaseLease(
    id: string,
    owner: string,
    options?: { nextRunAt?: string | null },
  ): Promise<boolean>;
  addVerdict(canaryId: string, verdict: NewVerdict): Promise<StoredVerdict>;
  /** Oldest first. */
  listVerdicts(canaryId: string): Promise<StoredVerdict[]>;
  addEvent(canaryId: string, event: NewCanaryEvent): Promise<void>;
  /** In the order they were recorded. */
  listEvents(canaryId: string): Promise<StoredCanaryEvent[]>;
  /**
   * The canary with its verdicts and events as of one version: a save
   * that lands while they are read is not mixed in half (its new state
   * without its verdict, or the other way round).
   */
  getWithHistory(id: string): Promise<
    | {
        canary: StoredCanary;
        verdicts: StoredVerdict[];
        events: StoredCanaryEvent[];
      }
    | undefined
  >;
}
