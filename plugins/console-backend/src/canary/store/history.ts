import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  CANARIES,
  CanaryRow,
  EVENTS,
  eventRow,
  EventRow,
  VERDICTS,
  verdictRow,
  VerdictRow,
} from './rows';
import { NewCanaryEvent, NewVerdict } from './types';

/** Throws `NotFoundError` unless canary `id` exists. */
export async function requireCanary(
  tx: Knex.Transaction,
  id: string,
): Promise<void> {
  // SQLite enforces foreign keys only when asked to; say it plainly anyway.
  const found = await tx<CanaryRow>(CANARIES)
    .select('id')
    .where({ id })
    .first();
  if (!found) throw new NotFoundError(`There is no canary ${id}`);
}

/** Verdicts first: the events that follow may refer to them. */
export async function insertHistory(
  tx: Knex.Transaction,
  canaryId: string,
  events: NewCanaryEvent[] = [],
  verdicts: NewVerdict[] = [],
  now: Date,
): Promise<void> {
  if (verdicts.length > 0) {
    await tx<VerdictRow>(VERDICTS).insert(
      verdicts.map(v => verdictRow(canaryId, v)),
    );
  }
  if (events.length > 0) {
    await tx<EventRow>(EVENTS)
      .insert(events.map(e => eventRow(canaryId, e, now)))
      .onConflict(['canary_id', 'event_key'])
      .ignore();
  }
}
