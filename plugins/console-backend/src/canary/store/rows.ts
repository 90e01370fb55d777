import { randomUUID } from 'node:crypto';
import {
  AUTOMATIC_ACTOR,
  CanaryOutcome,
  NewCanaryEvent,
  NewVerdict,
  StoredCanary,
  StoredCanaryEvent,
  StoredVerdict,
} from './types';

// The only place that knows the tables' columns: rows in, domain types out.

export const CANARIES = 'console_canaries';
export const VERDICTS = 'console_canary_verdicts';
export const EVENTS = 'console_canary_events';

/** What drivers hand back for a timestamp: Date (pg), epoch ms (SQLite). */
type DbTime = Date | string | number;

export interface CanaryRow {
  id: string;
  entity_ref: string;
  cluster: string;
  namespace: string;
  name: string;
  canary_name: string;
  spec: string;
  state: string;
  phase: string;
  actor: string;
  impersonation: string;
  baseline: string;
  message: string | null;
  observation: string | null;
  outcome: string | null;
  version: number;
  lease_owner: string | null;
  lease_expires_at: DbTime | null;
  next_run_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
  finished_at: DbTime | null;
}

export interface VerdictRow {
  id: string;
  canary_id: string;
  step_index: number;
  outcome: string;
  verdict: string;
  judged_at: DbTime;
}

export interface EventRow {
  id: number;
  canary_id: string;
  event_key: string | null;
  at: DbTime;
  actor: string;
  kind: string;
  step_index: number | null;
  verdict_id: string | null;
  message: string;
}

export function toDate(value: DbTime): Date {
  return value instanceof Date ? value : new Date(value);
}

function iso(value: DbTime): string {
  return toDate(value).toISOString();
}

function parseJson<T>(text: string, what: string, id: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`The stored ${what} of canary ${id} is not JSON: ${error}`);
  }
}

export function toCanary(row: CanaryRow): StoredCanary {
  const state = parseJson<StoredCanary['state']>(row.state, 'state', row.id);
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    canaryName: row.canary_name,
    spec: parseJson(row.spec, 'spec', row.id),
    state,
    phase: row.phase as StoredCanary['phase'],
    actor: row.actor,
    impersonation: parseJson(row.impersonation, 'impersonation', row.id),
    baseline: parseJson(row.baseline, 'baseline', row.id),
    message: row.message ?? '',
    ...(row.observation !== null && {
      observation: parseJson(row.observation, 'observation', row.id),
    }),
    ...(row.outcome !== null && { outcome: row.outcome as CanaryOutcome }),
    version: Number(row.version),
    ...(row.lease_owner !== null &&
      row.lease_expires_at !== null && {
        lease: { owner: row.lease_owner, expiresAt: iso(row.lease_expires_at) },
      }),
    ...(row.next_run_at !== null && { nextRunAt: iso(row.next_run_at) }),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(row.finished_at !== null && { finishedAt: iso(row.finished_at) }),
  };
}

export function toEvent(row: EventRow): StoredCanaryEvent {
  return {
    id: Number(row.id),
    canaryId: row.canary_id,
    kind: row.kind,
    message: row.message,
    actor: row.actor,
    at: iso(row.at),
    ...(row.event_key !== null && { key: row.event_key }),
    ...(row.step_index !== null && { stepIndex: Number(row.step_index) }),
    ...(row.verdict_id !== null && { verdictId: row.verdict_id }),
  };
}

export function toVerdict(row: VerdictRow): StoredVerdict {
  return {
    id: row.id,
    canaryId: row.canary_id,
    stepIndex: Number(row.step_index),
    verdict: parseJson(row.verdict, 'verdict', row.canary_id),
  };
}

export function eventRow(
  canaryId: string,
  event: NewCanaryEvent,
  now: Date,
): Omit<EventRow, 'id'> {
  return {
    canary_id: canaryId,
    event_key: event.key ?? null,
    at: event.at ? new Date(event.at) : now,
    actor: event.actor ?? AUTOMATIC_ACTOR,
    kind: event.kind,
    step_index: event.stepIndex ?? null,
    verdict_id: event.verdictId ?? null,
    message: event.message,
  };
}

export function verdictRow(canaryId: string, verdict: NewVerdict): VerdictRow {
  return {
    id: verdict.id ?? randomUUID(),
    canary_id: canaryId,
    step_index: verdict.stepIndex,
    outcome: verdict.verdict.outcome,
    verdict: JSON.stringify(verdict.verdict),
    judged_at: new Date(verdict.verdict.judgedAt),
  };
}

/**
 * Whether a write broke a unique index, in the words of each driver:
 * PostgreSQL's SQLSTATE, SQLite's extended code, MySQL's error name.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'ER_DUP_ENTRY'
  );
}
