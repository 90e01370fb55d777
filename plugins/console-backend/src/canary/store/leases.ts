import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import { Knex } from 'knex';
import { CANARIES, CanaryRow, EVENTS, eventRow, toDate } from './rows';
import { AUTOMATIC_ACTOR, ClaimOptions } from './types';

// A lease is live while lease_expires_at > now. Claims take rows whose lease
// is free or no longer live; renewals only extend live ones, so a worker
// whose lease ran out cannot revive it while another is taking over.

type Candidate = Pick<CanaryRow, 'id' | 'lease_owner' | 'lease_expires_at'>;

function leaseNotLive(now: Date) {
  return (q: Knex.QueryBuilder) =>
    q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<=', now);
}

/**
 * Leases up to `limit` due, active canaries to `owner` and answers their
 * rows. On PostgreSQL the candidates are locked `FOR UPDATE SKIP LOCKED`, so
 * concurrent claimants neither wait for each other nor take the same row;
 * SQLite runs one writer at a time. The update is guarded by the claim
 * condition as well, so a database without either still cannot hand a row
 * to two workers.
 */
export async function claimDueRows(
  db: Knex,
  options: ClaimOptions,
): Promise<CanaryRow[]> {
  const { owner, now, leaseMs, limit } = options;
  const expires = new Date(now.getTime() + leaseMs);
  return db.transaction(async tx => {
    let query = tx<CanaryRow>(CANARIES)
      .select('id', 'lease_owner', 'lease_expires_at')
      .whereNull('finished_at')
      .andWhere('next_run_at', '<=', now)
      .andWhere(leaseNotLive(now))
      .orderBy('next_run_at')
      .orderBy('id')
      .limit(limit);
    if (supportsRowLocks(tx)) query = query.forUpdate().skipLocked();
    const candidates = (await query) as Candidate[];
    if (candidates.length === 0) return [];
    const ids = candidates.map(c => c.id);
    await tx<CanaryRow>(CANARIES)
      .whereIn('id', ids)
      .whereNull('finished_at')
      .andWhere(leaseNotLive(now))
      .update({ lease_owner: owner, lease_expires_at: expires });
    const claimed = await tx<CanaryRow>(CANARIES)
      .whereIn('id', ids)
      .andWhere({ lease_owner: owner })
      .orderBy('next_run_at')
      .orderBy('id');
    await recordTakeovers(tx, candidates, claimed, owner, now);
    return claimed;
  });
}

/**
 * A finished step gives its lease back, so a row that still names an owner
 * was left mid-step by a worker that died or stalled: the history says so,
 * in the same transaction as the takeover, to explain a repeated action.
 */
async function recordTakeovers(
  tx: Knex.Transaction,
  candidates: Candidate[],
  claimed: CanaryRow[],
  owner: string,
  now: Date,
): Promise<void> {
  const claimedIds = new Set(claimed.map(row => row.id));
  const abandoned = candidates.filter(
    c => c.lease_owner && c.lease_owner !== owner && claimedIds.has(c.id),
  );
  if (abandoned.length === 0) return;
  await tx(EVENTS).insert(
    abandoned.map(c => {
      const expired = c.lease_expires_at
        ? ` (lease expired at ${toDate(c.lease_expires_at).toISOString()})`
        : '';
      return eventRow(
        c.id,
        {
          kind: 'takenOver',
          actor: AUTOMATIC_ACTOR,
          message: `${c.lease_owner} stopped advancing this canary${expired}; taken over by ${owner}`,
        },
        now,
      );
    }),
  );
}

/** Extends the live leases `owner` holds among `ids`; answers those ids. */
export async function renewLeaseRows(
  db: Knex,
  owner: string,
  ids: string[],
  options: { leaseMs: number; now: Date },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { leaseMs, now } = options;
  return db.transaction(async tx => {
    await tx<CanaryRow>(CANARIES)
      .whereIn('id', ids)
      .andWhere({ lease_owner: owner })
      .andWhere('lease_expires_at', '>', now)
      .whereNull('finished_at')
      .update({ lease_expires_at: new Date(now.getTime() + leaseMs) });
    const held = await tx<CanaryRow>(CANARIES)
      .select('id')
      .whereIn('id', ids)
      .andWhere({ lease_owner: owner })
      .andWhere('lease_expires_at', '>', now)
      .whereNull('finished_at');
    return held.map(row => row.id);
  });
}
