import { ConflictError } from '@backstage/errors';
import { CanaryState } from '../plan/canaryState';
import { CanaryRow, toDate } from './rows';
import { CanaryLastObservation, CanaryUpdate } from './types';

/**
 * The columns a state brings with it. Phase and message are copied from the
 * state here, and only here, so they can never disagree with it.
 */
export function savedColumns(
  change: {
    state: CanaryState;
    nextRunAt: string | null;
    observation?: CanaryLastObservation;
  },
  now: Date,
): Partial<CanaryRow> {
  return {
    ...(change.observation && {
      observation: JSON.stringify(change.observation),
    }),
    state: JSON.stringify(change.state),
    phase: change.state.phase,
    message: change.state.message,
    next_run_at: change.nextRunAt === null ? null : new Date(change.nextRunAt),
    updated_at: now,
  };
}

/**
 * Throws `ConflictError` when `update` was computed from a state that is no
 * longer the stored one, or by a worker whose lease is gone: its author must
 * read the canary again (the state machine then decides anew) rather than
 * overwrite what someone else decided.
 */
export function refuseStaleSave(
  row: CanaryRow,
  update: CanaryUpdate,
  now: Date,
): void {
  if (row.finished_at !== null) {
    throw new ConflictError(
      `Canary ${row.id} already ended (${row.outcome}) at ${toDate(
        row.finished_at,
      ).toISOString()}`,
    );
  }
  if (Number(row.version) !== update.expectedVersion) {
    throw new ConflictError(
      `Canary ${row.id} changed meanwhile: saving over version ${update.expectedVersion}, it is at version ${row.version}`,
    );
  }
  const lease = update.lease;
  if (!lease) return;
  if (row.lease_owner !== lease.owner) {
    throw new ConflictError(
      `${lease.owner} no longer holds canary ${row.id}: ${
        row.lease_owner ? `${row.lease_owner} does` : 'nobody does'
      }`,
    );
  }
  if (!row.lease_expires_at || toDate(row.lease_expires_at) <= now) {
    throw new ConflictError(
      `The lease of ${lease.owner} on canary ${row.id} has run out; another worker may be taking over`,
    );
  }
}
