import {
  DecommissionAction,
  DecommissionItemStatus,
  DecommissionRun,
  DecommissionRunEvent,
  DecommissionRunItem,
  DecommissionStep,
} from '@paasport/plugin-decommission-common';
import { parseRunScope, RunScope } from '../services/scope/RunScope';

export const RUNS = 'decommission_runs';
export const ITEMS = 'decommission_items';
export const EVENTS = 'decommission_run_events';

/** What the database drivers give back for a timestamp column. */
export type Timestamp = Date | string | number;

export type RunRow = {
  id: string;
  entity_ref: string;
  kind: string;
  actor: string;
  status: string;
  active_entity_ref: string | null;
  attempts: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  scope: string | null;
};

export type ItemRow = {
  run_id: string;
  key: string;
  position: number;
  step: string;
  action: string;
  title: string;
  entity_ref: string | null;
  note: string | null;
  target: string;
  status: string;
  outcome: string | null;
  error: string | null;
  updated_at: Timestamp | null;
  in_progress_by: string | null;
};

export type EventRow = {
  id?: number;
  run_id: string;
  created_at: Timestamp;
  actor: string;
  message: string;
};

/**
 * A run as stored; `status` is never `interrupted` here (that is derived
 * from `updatedAt` when the run is read). `scope` is what the run acts
 * within; absent on runs recorded before runs kept it.
 *
 * @internal
 */
export type StoredRun = Omit<DecommissionRun, 'summary'> & {
  scope?: RunScope;
  /** The worker holding the run, if any. */
  leaseOwner?: string;
};

/** How an event names a worker. */
export function workerActor(owner: string): string {
  return `worker:${owner}`;
}

export function toDate(value: Timestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

function iso(value: Timestamp): string {
  return toDate(value).toISOString();
}

function toItem(row: ItemRow): DecommissionRunItem {
  return {
    key: row.key,
    step: row.step as DecommissionStep,
    action: row.action as DecommissionAction,
    title: row.title,
    ...(row.entity_ref !== null && { entityRef: row.entity_ref }),
    ...(row.note !== null && { note: row.note }),
    target: JSON.parse(row.target),
    status: row.status as DecommissionItemStatus,
    ...(row.outcome !== null && { outcome: row.outcome }),
    ...(row.error !== null && { error: row.error }),
    ...(row.updated_at !== null && { updatedAt: iso(row.updated_at) }),
  };
}

function toEvent(row: EventRow): DecommissionRunEvent {
  return { at: iso(row.created_at), actor: row.actor, message: row.message };
}

export function toRun(
  row: RunRow,
  items: ItemRow[],
  events: EventRow[],
): StoredRun {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    kind: row.kind as StoredRun['kind'],
    actor: row.actor,
    status: row.status as StoredRun['status'],
    attempts: Number(row.attempts),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(row.finished_at !== null && { finishedAt: iso(row.finished_at) }),
    items: items.map(toItem),
    history: events.map(toEvent),
    ...(row.scope !== null && { scope: parseRunScope(row.scope) }),
    ...(row.lease_owner !== null && { leaseOwner: row.lease_owner }),
  };
}
