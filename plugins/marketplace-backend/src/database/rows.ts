import {
  BindingState,
  InstanceBinding,
  InstanceRequest,
  InstanceRequestEvent,
  InstanceRequestState,
} from '@paasport/plugin-marketplace-common';

/** A row of `marketplace_requests`. */
export interface RequestRow {
  id: string;
  name: string;
  offering_id: string;
  plan_id: string;
  provider: string;
  provider_options: string;
  team_ref: string;
  system_ref: string;
  namespace: string;
  cluster: string | null;
  component_ref: string | null;
  parameters: string;
  size_gb: number;
  state: InstanceRequestState;
  orphan_cleanup: boolean | number;
  force_delete: boolean | number;
  operation: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | number | string | null;
  step_started_at: Date | number | string | null;
  lease_owner: string | null;
  lease_expires_at: Date | number | string | null;
  created_by: string;
  /** Whom the processor acts for on the clusters; null: `created_by`. */
  acting_for: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  created_at: Date | number | string;
  updated_at: Date | number | string;
}

/** A row of `marketplace_bindings`. */
export interface BindingRow {
  id: string;
  request_id: string;
  name: string;
  namespace: string;
  cluster: string | null;
  component_ref: string | null;
  secret_name: string;
  state: BindingState;
  orphan_cleanup: boolean | number;
  attempts: number;
  last_error: string | null;
  delivered_at: Date | number | string | null;
  next_attempt_at: Date | number | string | null;
  lease_owner: string | null;
  lease_expires_at: Date | number | string | null;
  created_by: string;
  /** Whom the processor acts for on the clusters; null: `created_by`. */
  acting_for: string | null;
  created_at: Date | number | string;
  updated_at: Date | number | string;
}

/**
 * The person background work on a row is done for: who asked for the
 * operation in flight, else (rows from before it was recorded) the creator.
 */
export function actingFor(row: {
  acting_for?: string | null;
  created_by: string;
}): string {
  return row.acting_for ?? row.created_by;
}

/** A row of `marketplace_request_events`. */
export interface EventRow {
  id: number;
  request_id: string;
  binding_id: string | null;
  from_state: string | null;
  to_state: string;
  actor: string;
  message: string | null;
  created_at: Date | number | string;
}

/**
 * Databases hand timestamps back differently (PostgreSQL a Date, SQLite the
 * milliseconds it was given); everything leaves the store as a Date.
 */
export function toDate(value: Date | number | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function iso(value: Date | number | string | null): string | undefined {
  return value === null ? undefined : toDate(value).toISOString();
}

export function toInstanceRequest(row: RequestRow): InstanceRequest {
  return {
    id: row.id,
    name: row.name,
    offeringId: row.offering_id,
    planId: row.plan_id,
    provider: row.provider,
    system: row.system_ref,
    team: row.team_ref,
    namespace: row.namespace,
    ...(row.cluster ? { cluster: row.cluster } : {}),
    ...(row.component_ref ? { component: row.component_ref } : {}),
    parameters: JSON.parse(row.parameters),
    sizeGb: Number(row.size_gb),
    state: row.state,
    ...(row.last_error ? { lastError: row.last_error } : {}),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decision_reason ? { decisionReason: row.decision_reason } : {}),
  };
}

export function toInstanceBinding(row: BindingRow): InstanceBinding {
  return {
    id: row.id,
    requestId: row.request_id,
    name: row.name,
    namespace: row.namespace,
    ...(row.cluster ? { cluster: row.cluster } : {}),
    ...(row.component_ref ? { component: row.component_ref } : {}),
    secretName: row.secret_name,
    state: row.state,
    ...(row.delivered_at ? { deliveredAt: iso(row.delivered_at) } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
  };
}

export function toEvent(row: EventRow): InstanceRequestEvent {
  return {
    id: Number(row.id),
    ...(row.binding_id ? { bindingId: row.binding_id } : {}),
    ...(row.from_state ? { fromState: row.from_state } : {}),
    toState: row.to_state,
    actor: row.actor,
    ...(row.message ? { message: row.message } : {}),
    createdAt: iso(row.created_at)!,
  };
}

/** States whose instances count against quotas and block reuse of the name. */
export const LIVE_REQUEST_STATES: InstanceRequestState[] = [
  'pending',
  'awaiting_approval',
  'provisioning',
  'ready',
  'failed',
  'deprovisioning',
];

/** Bindings that still hold (or may hold) credentials. */
export const LIVE_BINDING_STATES: BindingState[] = [
  'pending',
  'ready',
  'failed',
  'unbinding',
];
