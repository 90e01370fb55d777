import { Knex } from 'knex';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import { toDate } from './rows';

/** A guarded change of one request or binding row. */
export interface Transition<Row> {
  /** Apply only while the row is in one of these states. */
  fromStates?: string[];
  /** Apply only while this processor holds the row's lease. */
  leaseOwner?: string;
  patch: Partial<Row>;
  /** Who caused it: a user entity ref or `processor`. */
  actor: string;
  message?: string;
  /** Record an event even though the state does not change. */
  record?: boolean;
}

type Table = 'marketplace_requests' | 'marketplace_bindings';

/**
 * Applies a {@link Transition} and writes the history event in the same
 * transaction, so the history can never disagree with the state. Returns the
 * updated row, or undefined when a guard did not hold.
 */
export async function applyTransition<
  Row extends { id: string; state: string },
>(
  db: Knex,
  table: Table,
  id: string,
  change: Transition<Row>,
): Promise<Row | undefined> {
  return db.transaction(async tx => {
    let query = tx<Row>(table).where('id', id);
    if (supportsRowLocks(db)) query = query.forUpdate();
    const current = (await query.first()) as Row | undefined;
    if (!current) return undefined;
    if (change.fromStates && !change.fromStates.includes(current.state)) {
      return undefined;
    }
    if (
      change.leaseOwner &&
      (current as { lease_owner?: string | null }).lease_owner !==
        change.leaseOwner
    ) {
      return undefined;
    }
    const patch = { ...change.patch, updated_at: new Date() };
    await tx(table).where('id', id).update(patch);
    const toState = (change.patch as { state?: string }).state;
    if ((toState && toState !== current.state) || change.record) {
      const isBinding = table === 'marketplace_bindings';
      await tx('marketplace_request_events').insert({
        request_id: isBinding
          ? (current as unknown as { request_id: string }).request_id
          : id,
        binding_id: isBinding ? id : null,
        from_state: current.state,
        to_state: toState ?? current.state,
        actor: change.actor,
        message: change.message?.slice(0, 2000) ?? null,
        created_at: new Date(),
      });
    }
    return { ...current, ...patch } as Row;
  });
}

/** What a claimant finds on a row it is about to lease. */
interface ClaimCandidate {
  id: string;
  state: string;
  request_id?: string;
  lease_owner: string | null;
  lease_expires_at: Date | number | string | null;
}

/**
 * Leases up to `limit` due rows to `owner`. On PostgreSQL the candidates are
 * selected `FOR UPDATE SKIP LOCKED`, so concurrent processors never wait for
 * each other and never take the same row; the lease then keeps other
 * processors away while the work runs outside the transaction.
 *
 * A finished step clears its row's lease, so a row that still names an owner
 * whose lease ran out was abandoned mid-step (that processor died or
 * stalled): its history says so, in the same transaction as the takeover.
 */
export async function claimDue<Row>(
  db: Knex,
  table: Table,
  owner: string,
  options: { leaseMs: number; limit: number; now?: Date },
): Promise<Row[]> {
  const now = options.now ?? new Date();
  const expires = new Date(now.getTime() + options.leaseMs);
  const isBinding = table === 'marketplace_bindings';
  return db.transaction(async tx => {
    let query = tx(table)
      .select(
        'id',
        'state',
        'lease_owner',
        'lease_expires_at',
        ...(isBinding ? ['request_id'] : []),
      )
      .where('next_attempt_at', '<=', now)
      .andWhere(q =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
      )
      .orderBy('next_attempt_at')
      .limit(options.limit);
    if (supportsRowLocks(db)) query = query.forUpdate().skipLocked();
    const candidates = (await query) as ClaimCandidate[];
    if (candidates.length === 0) return [];
    const ids = candidates.map(r => r.id);
    await tx(table)
      .whereIn('id', ids)
      .update({ lease_owner: owner, lease_expires_at: expires });
    const abandoned = candidates.filter(r => r.lease_owner);
    if (abandoned.length > 0) {
      await tx('marketplace_request_events').insert(
        abandoned.map(r => ({
          request_id: isBinding ? r.request_id : r.id,
          binding_id: isBinding ? r.id : null,
          from_state: r.state,
          to_state: r.state,
          actor: 'processor',
          message: takeoverMessage(isBinding ? 'binding' : 'request', r, owner),
          created_at: now,
        })),
      );
    }
    return (await tx(table)
      .whereIn('id', ids)
      .andWhere('lease_owner', owner)) as Row[];
  });
}

function takeoverMessage(
  kind: 'request' | 'binding',
  row: ClaimCandidate,
  owner: string,
): string {
  const expired = row.lease_expires_at
    ? ` (lease expired at ${toDate(row.lease_expires_at).toISOString()})`
    : '';
  return `${row.lease_owner} stopped holding this ${kind}${expired}; taken over by ${owner}`;
}

/**
 * Extends the leases `owner` still holds among `ids` and returns those ids.
 * A lease that has run out is not revived: another processor may already
 * be taking the row over, so its former holder must let it go.
 */
export async function renewLeases(
  db: Knex,
  table: Table,
  owner: string,
  ids: string[],
  options: { leaseMs: number; now?: Date },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const now = options.now ?? new Date();
  const expires = new Date(now.getTime() + options.leaseMs);
  return db.transaction(async tx => {
    await tx(table)
      .whereIn('id', ids)
      .andWhere('lease_owner', owner)
      .andWhere('lease_expires_at', '>=', now)
      .update({ lease_expires_at: expires });
    const held = await tx(table)
      .select('id')
      .whereIn('id', ids)
      .andWhere('lease_owner', owner)
      .andWhere('lease_expires_at', '>', now);
    return held.map((r: { id: string }) => r.id);
  });
}

/** Gives a row back, unless another processor took it meanwhile. */
export async function releaseLease(
  db: Knex,
  table: Table,
  id: string,
  owner: string,
): Promise<void> {
  await db(table)
    .where({ id, lease_owner: owner })
    .update({ lease_owner: null, lease_expires_at: null });
}
