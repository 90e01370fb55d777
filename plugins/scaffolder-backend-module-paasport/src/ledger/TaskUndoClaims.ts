import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';

/** Table of the claims; the ledger's list of work skips tasks leased here. */
export const UNDO_CLAIMS_TABLE = 'paasport_task_undo_claims';
const HISTORY_TABLE = 'paasport_task_undo_history';

type DbDate = Date | number | string;

interface ClaimRow {
  task_id: string;
  lease_owner: string | null;
  lease_expires_at: DbDate | null;
  claims: number;
  updated_at: DbDate | null;
}

interface HistoryRow {
  seq: number;
  task_id: string;
  event: UndoHistoryEventType;
  actor: string;
  message: string;
  created_at: DbDate;
}

/**
 * Kinds of events in an abandoned task's undo history:
 * `abandoned` (the first claim: the task ended without its undo, who ran
 * it, who takes over), `taken-over` (a claimant's lease ran out mid-undo and
 * another resumes), `reclaimed` (claimed again after an undo that was
 * interrupted but released its claim), `finished`, `interrupted`.
 *
 * @public
 */
export type UndoHistoryEventType =
  | 'abandoned'
  | 'taken-over'
  | 'reclaimed'
  | 'finished'
  | 'interrupted';

/** @public */
export interface UndoHistoryEvent {
  taskId: string;
  event: UndoHistoryEventType;
  /** The sweep (replica) that wrote it. */
  actor: string;
  message: string;
  at: Date;
}

/**
 * A task's undo, leased to one sweep.
 *
 * @public
 */
export interface UndoClaim {
  taskId: string;
  owner: string;
  /** What the claim wrote to the task's undo history. */
  event: UndoHistoryEventType;
  message: string;
  /** Set when a previous claimant stopped mid-undo and its lease ran out. */
  takenOverFrom?: { owner: string; leaseExpiredAt?: Date };
}

function toDate(value: DbDate): Date {
  return value instanceof Date ? value : new Date(value);
}

/** What taking `current` over means for the task's history. */
function claimOf(
  current: ClaimRow,
  owner: string,
  abandonment: string,
): UndoClaim {
  const taskId = current.task_id;
  const previous = Number(current.claims);
  // A finished or interrupted undo clears the owner, so an owner still
  // named here stopped mid-undo: it died or lost the database.
  if (current.lease_owner) {
    const ranOut =
      current.lease_expires_at === null
        ? undefined
        : toDate(current.lease_expires_at);
    return {
      taskId,
      owner,
      event: 'taken-over',
      message: `${
        current.lease_owner
      } stopped undoing this task (its lease ran out${
        ranOut ? ` at ${ranOut.toISOString()}` : ''
      }); ${owner} resumes the undo`,
      takenOverFrom: { owner: current.lease_owner, leaseExpiredAt: ranOut },
    };
  }
  if (previous === 0) {
    return { taskId, owner, event: 'abandoned', message: abandonment };
  }
  return {
    taskId,
    owner,
    event: 'reclaimed',
    message: `${owner} undoes what an earlier, interrupted undo left (claim ${
      previous + 1
    })`,
  };
}

/**
 * Leases of the undo of abandoned tasks, and their history, in the
 * scaffolder plugin's database (migrated with the ledger: create the
 * TaskLedger first).
 *
 * @remarks
 * Every replica sweeps; a task is undone by the one sweep that holds its
 * lease. The lease is short and renewed while the undo runs, so a replica
 * that dies mid-undo lets another take the task over within one lease
 * (modelled on the marketplace's request leases: a guarded claim in one
 * transaction with the history event that explains it).
 *
 * @public
 */
export class TaskUndoClaims {
  constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService | Knex;
  }): Promise<TaskUndoClaims> {
    const { database } = options;
    const db = 'getClient' in database ? await database.getClient() : database;
    return new TaskUndoClaims(db);
  }

  /**
   * Leases a task's undo to `owner` unless another sweep holds a lease that
   * has not run out. Returns undefined when it is held elsewhere.
   *
   * `abandonment` is the history's first line for this task: why it is
   * being undone by a sweep and who ran it.
   */
  async claim(
    taskId: string,
    owner: string,
    options: { leaseMs: number; abandonment: string; now?: Date },
  ): Promise<UndoClaim | undefined> {
    const now = options.now ?? new Date();
    const expires = new Date(now.getTime() + options.leaseMs);
    return this.db.transaction(async tx => {
      // Writing first takes SQLite's write lock before anything is read, so
      // two claimants never both read and then fail to upgrade their locks.
      await tx<ClaimRow>(UNDO_CLAIMS_TABLE)
        .insert({
          task_id: taskId,
          lease_owner: null,
          lease_expires_at: null,
          claims: 0,
          updated_at: now,
        })
        .onConflict('task_id')
        .ignore();
      let query = tx<ClaimRow>(UNDO_CLAIMS_TABLE).where({ task_id: taskId });
      if (supportsRowLocks(this.db)) query = query.forUpdate();
      const current = (await query.first()) as ClaimRow | undefined;
      if (!current) return undefined;
      const heldUntil =
        current.lease_expires_at === null
          ? undefined
          : toDate(current.lease_expires_at);
      if (current.lease_owner && heldUntil && heldUntil >= now) {
        return undefined;
      }
      await tx<ClaimRow>(UNDO_CLAIMS_TABLE)
        .where({ task_id: taskId })
        .update({
          lease_owner: owner,
          lease_expires_at: expires,
          claims: Number(current.claims) + 1,
          updated_at: now,
        });
      const claim = claimOf(current, owner, options.abandonment);
      await tx<HistoryRow>(HISTORY_TABLE).insert({
        task_id: taskId,
        event: claim.event,
        actor: owner,
        message: claim.message.slice(0, 4000),
        created_at: now,
      });
      return claim;
    });
  }

  /**
   * Extends `owner`'s lease and says whether it still holds it. A lease that
   * has run out is not revived: another sweep may be taking the task over.
   */
  async renew(
    taskId: string,
    owner: string,
    options: { leaseMs: number; now?: Date },
  ): Promise<boolean> {
    const now = options.now ?? new Date();
    const updated = await this.db<ClaimRow>(UNDO_CLAIMS_TABLE)
      .where({ task_id: taskId, lease_owner: owner })
      .andWhere('lease_expires_at', '>=', now)
      .update({
        lease_expires_at: new Date(now.getTime() + options.leaseMs),
        updated_at: now,
      });
    return updated > 0;
  }

  /**
   * Gives the task back with a last history event, unless another sweep
   * took it meanwhile (then the history is that sweep's to write). Says
   * whether it still held the task.
   */
  async release(
    taskId: string,
    owner: string,
    outcome: { event: 'finished' | 'interrupted'; message: string },
  ): Promise<boolean> {
    const now = new Date();
    return this.db.transaction(async tx => {
      const updated = await tx<ClaimRow>(UNDO_CLAIMS_TABLE)
        .where({ task_id: taskId, lease_owner: owner })
        .update({ lease_owner: null, lease_expires_at: null, updated_at: now });
      if (updated === 0) return false;
      await tx<HistoryRow>(HISTORY_TABLE).insert({
        task_id: taskId,
        event: outcome.event,
        actor: owner,
        message: outcome.message.slice(0, 4000),
        created_at: now,
      });
      return true;
    });
  }

  /** Who holds a task's undo and until when; undefined when nobody does. */
  async holder(
    taskId: string,
  ): Promise<{ owner: string; expiresAt: Date } | undefined> {
    const row = await this.db<ClaimRow>(UNDO_CLAIMS_TABLE)
      .where({ task_id: taskId })
      .first();
    if (!row?.lease_owner || row.lease_expires_at === null) return undefined;
    return { owner: row.lease_owner, expiresAt: toDate(row.lease_expires_at) };
  }

  /** A task's undo history, oldest first. */
  async history(taskId: string): Promise<UndoHistoryEvent[]> {
    const rows = await this.db<HistoryRow>(HISTORY_TABLE)
      .where({ task_id: taskId })
      .orderBy('seq', 'asc');
    return rows.map(row => ({
      taskId: row.task_id,
      event: row.event,
      actor: row.actor,
      message: row.message,
      at: toDate(row.created_at),
    }));
  }
}
