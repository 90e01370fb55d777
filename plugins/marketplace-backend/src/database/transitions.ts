import { Knex } from 'knex';

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

/** Row locks exist on PostgreSQL and MySQL; SQLite serialises writers anyway. */
export function supportsRowLocks(db: Knex): boolean {
  const client = String(db.client.config.client);
  return client === 'pg' || client.startsWith('mysql');
}

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

/**
 * Leases up to `limit` due rows to `owner`. On PostgreSQL the candidates are
 * selected `FOR UPDATE SKIP LOCKED`, so concurrent processors never wait for
 * each other and never take the same row; the lease then keeps other
 * processors away while the work runs outside the transaction.
 */
export async function claimDue<Row>(
  db: Knex,
  table: Table,
  owner: string,
  options: { leaseMs: number; limit: number; now?: Date },
): Promise<Row[]> {
  const now = options.now ?? new Date();
  const expires = new Date(now.getTime() + options.leaseMs);
  return db.transaction(async tx => {
    let candidates = tx(table)
      .select('id')
      .where('next_attempt_at', '<=', now)
      .andWhere(q =>
        q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
      )
      .orderBy('next_attempt_at')
      .limit(options.limit);
    if (supportsRowLocks(db)) candidates = candidates.forUpdate().skipLocked();
    const ids = (await candidates).map((r: { id: string }) => r.id);
    if (ids.length === 0) return [];
    await tx(table)
      .whereIn('id', ids)
      .update({ lease_owner: owner, lease_expires_at: expires });
    return (await tx(table)
      .whereIn('id', ids)
      .andWhere('lease_owner', owner)) as Row[];
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
