import { ConflictError, NotAllowedError } from '@backstage/errors';
import { Knex } from 'knex';
import { BindingRow, LIVE_REQUEST_STATES, RequestRow } from './rows';

/** A team's limits. */
export interface QuotaLimits {
  instances: number;
  totalSizeGb: number;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'ER_DUP_ENTRY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/**
 * Inserts a request after checking, under the team's row lock, that the
 * name is free and the quota holds. A repeated idempotency key returns the
 * request made the first time; the same key with another body is a conflict.
 * A binding given along is inserted in the same transaction.
 */
export async function insertWithinQuota(
  db: Knex,
  row: RequestRow,
  limits: QuotaLimits,
  firstEvents: Array<{ to: string; message: string }>,
  binding?: BindingRow,
): Promise<{ row: RequestRow; created: boolean }> {
  try {
    return await db.transaction(async tx => {
      // An upsert that updates the row takes its lock in one round trip
      // (SQLite needs none: it serialises writers).
      await tx('marketplace_team_locks')
        .insert({ team_ref: row.team_ref })
        .onConflict('team_ref')
        .merge();
      // Checked under the lock: a concurrent retry with the same key has committed by now.
      const replay = await findReplay(tx, row);
      if (replay) return { row: replay, created: false };

      const [usage] = await tx('marketplace_requests')
        .where('team_ref', row.team_ref)
        .whereIn('state', LIVE_REQUEST_STATES)
        .select(
          tx.raw('count(*) as count'),
          tx.raw('sum(size_gb) as size'),
          tx.raw('sum(case when name = ? then 1 else 0 end) as same_name', [
            row.name,
          ]),
        );
      if (Number(usage.same_name) > 0) {
        throw new ConflictError(
          `The team already has an instance named '${row.name}'`,
        );
      }
      const used = {
        count: Number(usage.count),
        size: Number(usage.size ?? 0),
      };
      if (used.count + 1 > limits.instances) {
        throw new NotAllowedError(
          `Exceeded quota: ${row.team_ref} may have ${limits.instances} instances and has ${used.count}`,
        );
      }
      if (used.size + Number(row.size_gb) > limits.totalSizeGb) {
        throw new NotAllowedError(
          `Exceeded quota: ${row.team_ref} may use ${limits.totalSizeGb} GiB, uses ${used.size} GiB, the plan needs ${row.size_gb} GiB`,
        );
      }
      await tx('marketplace_requests').insert(row);
      await tx('marketplace_request_events').insert(
        firstEvents.map((event, i) => ({
          request_id: row.id,
          binding_id: null,
          from_state: i === 0 ? null : firstEvents[i - 1].to,
          to_state: event.to,
          actor: row.created_by,
          message: event.message,
          created_at: row.created_at,
        })),
      );
      // In the same transaction: a request never exists without the binding asked for.
      if (binding) {
        await tx('marketplace_bindings').insert(binding);
        await tx('marketplace_request_events').insert({
          request_id: row.id,
          binding_id: binding.id,
          from_state: null,
          to_state: binding.state,
          actor: binding.created_by,
          message: `Binding ${binding.name} requested; made once the instance is ready`,
          created_at: binding.created_at,
        });
      }
      return { row, created: true };
    });
  } catch (error) {
    // Two retries with one key raced; the loser returns the winner's request.
    if (isUniqueViolation(error)) {
      const replay = await findReplay(db, row);
      if (replay) return { row: replay, created: false };
    }
    throw error;
  }
}

async function findReplay(
  db: Knex,
  row: RequestRow,
): Promise<RequestRow | undefined> {
  if (!row.idempotency_key) return undefined;
  const existing = await db<RequestRow>('marketplace_requests')
    .where({
      created_by: row.created_by,
      idempotency_key: row.idempotency_key,
    })
    .first();
  if (existing && existing.request_hash !== row.request_hash) {
    throw new ConflictError(
      'This Idempotency-Key was already used for a different request',
    );
  }
  return existing;
}
