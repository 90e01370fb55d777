import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  DecommissionItem,
  DecommissionItemStatus,
} from '@paasport/plugin-decommission-common';
import { Knex } from 'knex';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import { RunScope, serializeRunScope } from '../services/scope/RunScope';
import {
  EVENTS,
  EventRow,
  ITEMS,
  ItemRow,
  RUNS,
  RunRow,
  StoredRun,
  toRun,
} from './rows';
import {
  ClaimedRun,
  claimRuns,
  recordWorkerEvent,
  releaseLease,
  renewLease,
  runHeldBy,
} from './runLeases';

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-decommission-backend',
  'migrations',
);

export type { StoredRun } from './rows';
export type { ClaimedRun } from './runLeases';

/** @internal */
export interface ItemUpdate {
  status: DecommissionItemStatus;
  outcome?: string;
  error?: string;
}

/**
 * Which worker a start or retry reserves the run for: the one on the
 * replica that answered, which holds the person's sign-in. Until the lease
 * ends no other worker takes the run; after it, any may.
 *
 * @internal
 */
export interface Reservation {
  owner: string;
  leaseMs: number;
}

/**
 * Decommission runs, their items and history, in the plugin's database.
 *
 * @remarks
 * A run is claimed work: a worker (one per backend replica) holds it with a
 * lease it renews while it works, and every write a worker makes checks
 * that it still holds the lease, so a worker cut off from the database or
 * taken over changes nothing more.
 *
 * @internal
 */
export class DatabaseDecommissionStore {
  static async create(options: {
    database: DatabaseService | { getClient(): Promise<Knex> };
    skipMigrations?: boolean;
  }): Promise<DatabaseDecommissionStore> {
    const client = await options.database.getClient();
    const skip =
      options.skipMigrations ??
      ('migrations' in options.database &&
        options.database.migrations?.skip === true);
    if (!skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDecommissionStore(client);
  }

  /** Undoes every migration; for tests of the `down` path. */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Records a new running run with its items, for a worker to carry out
   * (the one of `reserveFor` first), unless the entity already has a
   * running one: then that one is returned and nothing is written.
   */
  async createRun(run: {
    id: string;
    entityRef: string;
    kind: 'Component' | 'System';
    actor: string;
    items: DecommissionItem[];
    scope: RunScope;
    reserveFor?: Reservation;
  }): Promise<{ run: StoredRun; created: boolean }> {
    const now = new Date();
    try {
      await this.db.transaction(async tx => {
        await tx<RunRow>(RUNS).insert({
          id: run.id,
          entity_ref: run.entityRef,
          kind: run.kind,
          actor: run.actor,
          status: 'running',
          active_entity_ref: run.entityRef,
          attempts: 1,
          created_at: now,
          updated_at: now,
          finished_at: null,
          scope: serializeRunScope(run.scope),
          ...leaseFor(run.reserveFor, now),
        });
        // Batches keep SQLite under its bound-parameter limit.
        await tx.batchInsert<ItemRow>(
          ITEMS,
          run.items.map((item, position) => ({
            run_id: run.id,
            key: item.key,
            position,
            step: item.step,
            action: item.action,
            title: item.title,
            entity_ref: item.entityRef ?? null,
            note: item.note ?? null,
            target: JSON.stringify(item.target),
            status: 'pending',
            outcome: null,
            error: null,
            updated_at: null,
            in_progress_by: null,
          })),
          50,
        );
        await tx<EventRow>(EVENTS).insert({
          run_id: run.id,
          created_at: now,
          actor: run.actor,
          message: `started by ${run.actor}`,
        });
      });
    } catch (error) {
      const active = await this.activeRun(run.entityRef);
      if (active) return { run: active, created: false };
      throw error;
    }
    return { run: (await this.getRun(run.id))!, created: true };
  }

  async getRun(id: string): Promise<StoredRun | undefined> {
    const row = await this.db<RunRow>(RUNS).where({ id }).first();
    if (!row) return undefined;
    const items = await this.db<ItemRow>(ITEMS)
      .where({ run_id: id })
      .orderBy('position');
    const events = await this.db<EventRow>(EVENTS)
      .where({ run_id: id })
      .orderBy('id');
    return toRun(row, items, events);
  }

  /** The entity's running run, if any. */
  async activeRun(entityRef: string): Promise<StoredRun | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ active_entity_ref: entityRef })
      .first();
    return row ? this.getRun(row.id) : undefined;
  }

  /** Runs of an entity, newest first. */
  async listRuns(entityRef: string, limit = 20): Promise<StoredRun[]> {
    const rows = await this.db<RunRow>(RUNS)
      .where({ entity_ref: entityRef })
      .orderBy('created_at', 'desc')
      .limit(limit);
    const runs: StoredRun[] = [];
    for (const row of rows) {
      runs.push((await this.getRun(row.id))!);
    }
    return runs;
  }

  /**
   * Takes a failed run, or a running one without progress since
   * `staleBefore`, for another attempt within `scope`, as `actor`. False if
   * the run is in neither state or another run of the entity is running.
   * A worker still holding a stale run loses it: its next write is refused.
   */
  async claimRetry(
    id: string,
    actor: string,
    staleBefore: Date,
    options: { scope: RunScope; reserveFor?: Reservation },
  ): Promise<boolean> {
    try {
      return await this.db.transaction(async tx => {
        let query = tx<RunRow>(RUNS).where({ id });
        if (supportsRowLocks(tx)) query = query.forUpdate();
        const row = (await query.first()) as RunRow | undefined;
        if (!row) return false;
        const stale =
          row.status === 'running' &&
          new Date(row.updated_at).getTime() < staleBefore.getTime();
        if (row.status !== 'failed' && !stale) return false;
        const now = new Date();
        const attempts = Number(row.attempts) + 1;
        await tx<RunRow>(RUNS)
          .where({ id })
          .update({
            status: 'running',
            active_entity_ref: row.entity_ref,
            actor,
            attempts,
            updated_at: now,
            finished_at: null,
            scope: serializeRunScope(options.scope),
            ...leaseFor(options.reserveFor, now),
          });
        const lost =
          stale && row.lease_owner
            ? `; worker ${row.lease_owner}, which made no progress, gives it up`
            : '';
        await tx<EventRow>(EVENTS).insert({
          run_id: id,
          created_at: now,
          actor,
          message: `retried by ${actor} (attempt ${attempts})${lost}`,
        });
        return true;
      });
    } catch (error) {
      // A unique violation: another run of the same entity is running.
      const row = await this.db<RunRow>(RUNS).where({ id }).first();
      const active = row && (await this.activeRun(row.entity_ref));
      if (active && active.id !== id) return false;
      throw error;
    }
  }

  /**
   * Leases runs to a worker: those reserved for it, and up to `limit` that
   * wait for a worker or whose worker's lease expired (a takeover, recorded
   * in the history). `exclude` are the runs it works on already.
   */
  claim(
    owner: string,
    options: { leaseMs: number; limit: number; exclude: string[]; now?: Date },
  ): Promise<ClaimedRun[]> {
    return claimRuns(this.db, owner, options);
  }

  /** Extends a worker's lease; false when it no longer holds the run. */
  renewLease(runId: string, owner: string, leaseMs: number) {
    return renewLease(this.db, runId, owner, leaseMs);
  }

  /** Gives a run back for any worker to take at once, saying why. */
  releaseLease(runId: string, owner: string, message: string) {
    return releaseLease(this.db, runId, owner, message);
  }

  /**
   * Marks the item the worker is about to act on, so that a takeover knows
   * it was cut short; false when the worker no longer holds the run.
   */
  async startItem(runId: string, key: string, owner: string) {
    return this.db.transaction(async tx => {
      if (!(await runHeldBy(tx, runId, owner))) return false;
      await tx<ItemRow>(ITEMS)
        .where({ run_id: runId, key })
        .update({ in_progress_by: owner });
      return true;
    });
  }

  /**
   * Records an item's outcome; false (and nothing written) when the worker
   * no longer holds the run.
   */
  async updateItem(
    runId: string,
    key: string,
    update: ItemUpdate,
    owner: string,
  ): Promise<boolean> {
    const now = new Date();
    return this.db.transaction(async tx => {
      if (!(await runHeldBy(tx, runId, owner))) return false;
      await tx<ItemRow>(ITEMS)
        .where({ run_id: runId, key })
        .update({
          status: update.status,
          outcome: update.outcome ?? null,
          error: update.error ?? null,
          updated_at: now,
          in_progress_by: null,
        });
      // Every item is progress: it keeps the run from looking interrupted.
      await tx<RunRow>(RUNS).where({ id: runId }).update({ updated_at: now });
      return true;
    });
  }

  /**
   * Ends the current attempt, frees the entity for another run and the
   * worker's lease, and says so in the history; false (and nothing
   * written) when the worker no longer holds the run.
   */
  async finishRun(
    runId: string,
    status: 'succeeded' | 'failed',
    owner: string,
    message: string,
  ): Promise<boolean> {
    const now = new Date();
    return this.db.transaction(async tx => {
      if (!(await runHeldBy(tx, runId, owner))) return false;
      await tx<RunRow>(RUNS).where({ id: runId }).update({
        status,
        active_entity_ref: null,
        updated_at: now,
        finished_at: now,
        lease_owner: null,
        lease_expires_at: null,
      });
      await recordWorkerEvent(tx, runId, owner, message, now);
      return true;
    });
  }
}

function leaseFor(reservation: Reservation | undefined, now: Date) {
  return {
    lease_owner: reservation?.owner ?? null,
    lease_expires_at: reservation
      ? new Date(now.getTime() + reservation.leaseMs)
      : null,
  };
}
