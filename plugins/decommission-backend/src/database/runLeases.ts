import { Knex } from 'knex';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import {
  EVENTS,
  EventRow,
  ITEMS,
  ItemRow,
  RUNS,
  RunRow,
  toDate,
  workerActor,
} from './rows';

/**
 * The run's row, locked for the rest of the transaction, if `owner` holds
 * it and it is still running; undefined when the lease went to another
 * worker (or a retry), or the run ended. Every write a worker makes goes
 * through this, so a worker that lost its lease changes nothing.
 */
export async function runHeldBy(
  tx: Knex.Transaction,
  runId: string,
  owner: string,
): Promise<RunRow | undefined> {
  let query = tx<RunRow>(RUNS).where({ id: runId });
  if (supportsRowLocks(tx)) query = query.forUpdate();
  const row = (await query.first()) as RunRow | undefined;
  return row && row.status === 'running' && row.lease_owner === owner
    ? row
    : undefined;
}

/** A run a worker has just claimed. */
export interface ClaimedRun {
  id: string;
  /** Set when the run was taken over from a worker whose lease expired. */
  takenOverFrom?: { owner: string; leaseExpiredAt: string };
}

/**
 * Leases running runs to `owner`: those reserved for it (started or retried
 * through its replica), up to `limit` nobody holds, and those whose lease
 * expired (their worker stopped: a replica killed or cut off). On
 * PostgreSQL candidates are selected `FOR UPDATE SKIP LOCKED`, so workers
 * never wait for each other and never take the same run; on SQLite writers
 * are serialised and the guarded update decides. A takeover is recorded in
 * the run's history, and the item the stopped worker was on says so.
 */
export async function claimRuns(
  db: Knex,
  owner: string,
  options: { leaseMs: number; limit: number; exclude: string[]; now?: Date },
): Promise<ClaimedRun[]> {
  const now = options.now ?? new Date();
  const expires = new Date(now.getTime() + options.leaseMs);
  const locks = supportsRowLocks(db);
  return db.transaction(async tx => {
    const candidates = (
      filter: (q: Knex.QueryBuilder) => void,
      limit?: number,
    ) => {
      let query = tx<RunRow>(RUNS)
        .select('id', 'lease_owner', 'lease_expires_at')
        .where('status', 'running')
        .whereNotIn('id', options.exclude)
        .andWhere(filter)
        .orderBy('updated_at');
      if (limit !== undefined) query = query.limit(limit);
      if (locks) query = query.forUpdate().skipLocked();
      return query as unknown as Promise<
        Pick<RunRow, 'id' | 'lease_owner' | 'lease_expires_at'>[]
      >;
    };
    // Reserved runs are not limited: their sign-in is only here.
    const reserved = await candidates(q => q.where('lease_owner', owner));
    const free =
      options.limit > 0
        ? await candidates(
            q =>
              q
                .whereNull('lease_owner')
                .orWhere(r =>
                  r
                    .whereNot('lease_owner', owner)
                    .andWhere('lease_expires_at', '<', now),
                ),
            options.limit,
          )
        : [];

    const claimed: ClaimedRun[] = [];
    for (const row of [...reserved, ...free]) {
      const updated = await tx<RunRow>(RUNS)
        .where({ id: row.id, status: 'running' })
        .andWhere(q =>
          q
            .whereNull('lease_owner')
            .orWhere('lease_owner', owner)
            .orWhere('lease_expires_at', '<', now),
        )
        .update({ lease_owner: owner, lease_expires_at: expires });
      if (updated !== 1) continue;
      const previous = row.lease_owner;
      if (previous && previous !== owner && row.lease_expires_at) {
        const leaseExpiredAt = toDate(row.lease_expires_at).toISOString();
        await recordTakeover(tx, row.id, previous, owner, leaseExpiredAt, now);
        claimed.push({
          id: row.id,
          takenOverFrom: { owner: previous, leaseExpiredAt },
        });
      } else {
        await recordWorkerEvent(
          tx,
          row.id,
          owner,
          `claimed by worker ${owner}`,
          now,
        );
        claimed.push({ id: row.id });
      }
    }
    return claimed;
  });
}

/**
 * The history event of a takeover, and a note on the item the stopped
 * worker was on: it is done again (by uid, so an object it had already
 * deleted counts as already gone).
 */
async function recordTakeover(
  tx: Knex.Transaction,
  runId: string,
  previous: string,
  owner: string,
  leaseExpiredAt: string,
  now: Date,
) {
  const cut = await tx<ItemRow>(ITEMS)
    .where({ run_id: runId })
    .whereNotNull('in_progress_by')
    .orderBy('position');
  for (const item of cut) {
    await tx<ItemRow>(ITEMS)
      .where({ run_id: runId, key: item.key })
      .update({
        in_progress_by: null,
        error: `Interrupted: worker ${item.in_progress_by} stopped while on it; resumed by worker ${owner}`,
      });
  }
  const during =
    cut.length > 0 ? ` while on ${cut.map(i => i.title).join(', ')}` : '';
  await recordWorkerEvent(
    tx,
    runId,
    owner,
    `worker ${previous} stopped (lease expired at ${leaseExpiredAt})${during}; resumed by worker ${owner}`,
    now,
  );
}

/** One line of a run's history, written by worker `owner`. */
export async function recordWorkerEvent(
  tx: Knex.Transaction,
  runId: string,
  owner: string,
  message: string,
  now: Date,
): Promise<void> {
  await tx<EventRow>(EVENTS).insert({
    run_id: runId,
    created_at: now,
    actor: workerActor(owner),
    message,
  });
}

/** Extends `owner`'s lease; false when it no longer holds the run. */
export async function renewLease(
  db: Knex,
  runId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const updated = await db<RunRow>(RUNS)
    .where({ id: runId, lease_owner: owner, status: 'running' })
    .update({ lease_expires_at: new Date(Date.now() + leaseMs) });
  return updated === 1;
}

/**
 * Gives a run back for any worker to take at once (this one is shutting
 * down), unless another took it meanwhile; the reason goes into the history.
 */
export async function releaseLease(
  db: Knex,
  runId: string,
  owner: string,
  message: string,
): Promise<boolean> {
  return db.transaction(async tx => {
    if (!(await runHeldBy(tx, runId, owner))) return false;
    const now = new Date();
    await tx<RunRow>(RUNS)
      .where({ id: runId })
      .update({ lease_owner: null, lease_expires_at: null });
    await tx<ItemRow>(ITEMS)
      .where({ run_id: runId, in_progress_by: owner })
      .update({ in_progress_by: null });
    await recordWorkerEvent(tx, runId, owner, message, now);
    return true;
  });
}
