import { CanaryVerdict } from '../analysis/verdict';
import { CanarySpec } from '../plan/canarySpec';
import { CanaryPhase, CanaryState } from '../plan/canaryState';
import { TrackReplicas } from '../plan/replicaSplit';

// The canary store's domain types. Dates are ISO 8601 strings, JSON columns
// arrive parsed: nothing above the store sees a row.

/**
 * The actor of events nobody clicked: the scheduler's own decisions.
 *
 * @internal
 */
export const AUTOMATIC_ACTOR = 'paasport';

/**
 * How a finished canary ended: `promoted` (the stable Deployment runs the
 * new template), `aborted` (by a failed analysis or a person; stable
 * untouched) or `failed` (it could not go on, e.g. its Deployment vanished).
 *
 * @internal
 */
export type CanaryOutcome = 'promoted' | 'aborted' | 'failed';

/**
 * Whom automated steps act as on the cluster: the person who started the
 * canary, with the groups they had then. Catalog refs, not Kubernetes
 * names, so the impersonation prefix configured at the time of each request
 * applies (`KubernetesIdentities.person`).
 *
 * @internal
 */
export interface CanaryImpersonation {
  userEntityRef: string;
  groupEntityRefs: string[];
}

/**
 * The stable Deployment as it was when the canary started, to tell a change
 * made outside the canary from the canary's own scaling.
 *
 * @internal
 */
export interface CanaryBaseline {
  uid: string;
  generation: number;
  resourceVersion: string;
  replicas: number;
  /** Fingerprint of the pod template, as `CanaryState.stableTemplate`. */
  templateHash: string;
}

/**
 * The Deployment a canary releases to.
 *
 * @internal
 */
export interface CanaryWorkload {
  cluster: string;
  namespace: string;
  /** The stable Deployment. */
  name: string;
}

/**
 * The two Deployments as the scheduler last saw them, kept so that pages
 * show replicas and the weight in effect without asking the cluster.
 *
 * @internal
 */
export interface CanaryLastObservation {
  /** ISO 8601. */
  at: string;
  /** Ready canary endpoints of all ready endpoints, in percent. */
  actualWeight: number | null;
  /** Null when the canary Deployment does not exist. */
  canary: TrackReplicas | null;
  stable: TrackReplicas;
}

/**
 * A canary as stored.
 *
 * @internal
 */
export interface StoredCanary extends CanaryWorkload {
  id: string;
  entityRef: string;
  /** The canary Deployment, normally `<name>-canary`. */
  canaryName: string;
  spec: CanarySpec;
  state: CanaryState;
  /** Always `state.phase`; stored apart for queries. */
  phase: CanaryPhase;
  /** Entity ref of the user who started it. */
  actor: string;
  impersonation: CanaryImpersonation;
  baseline: CanaryBaseline;
  /** Always `state.message`. */
  message: string;
  /** Absent until the scheduler first looked at the Deployments. */
  observation?: CanaryLastObservation;
  /** Set exactly when `finishedAt` is. */
  outcome?: CanaryOutcome;
  /** Compare-and-set token of `CanaryStore.save`; 1 when created. */
  version: number;
  /** Present while a worker holds it (or held it and died: see expiresAt). */
  lease?: { owner: string; expiresAt: string };
  /** Absent: the scheduler leaves it alone until a person acts. */
  nextRunAt?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/**
 * An entry to add to a canary's history.
 *
 * @internal
 */
export interface NewCanaryEvent {
  /** E.g. started, stepReached, verdict, paused, resumed, promoted, aborted. */
  kind: string;
  message: string;
  /** A user entity ref; {@link AUTOMATIC_ACTOR} when omitted. */
  actor?: string;
  /** ISO 8601; the time of the write when omitted. */
  at?: string;
  /**
   * Unique within the canary: an event whose key is already recorded is
   * ignored, so a tick replayed from the same state records once.
   */
  key?: string;
  stepIndex?: number;
  verdictId?: string;
}

/**
 * An entry of a canary's history, as stored.
 *
 * @internal
 */
export interface StoredCanaryEvent {
  id: number;
  canaryId: string;
  kind: string;
  message: string;
  actor: string;
  at: string;
  key?: string;
  stepIndex?: number;
  verdictId?: string;
}

/**
 * A verdict to keep. The caller may choose the id, as the state machine
 * refers to a verdict by id before the state is saved.
 *
 * @internal
 */
export interface NewVerdict {
  id?: string;
  stepIndex: number;
  verdict: CanaryVerdict;
}

/**
 * A kept verdict.
 *
 * @internal
 */
export interface StoredVerdict {
  id: string;
  canaryId: string;
  stepIndex: number;
  verdict: CanaryVerdict;
}

/**
 * A canary to start. Its Deployment must already exist (with 0 replicas):
 * the stored state says so.
 *
 * @internal
 */
export interface NewCanary extends CanaryWorkload {
  /** Generated when omitted. */
  id?: string;
  entityRef: string;
  canaryName: string;
  spec: CanarySpec;
  state: CanaryState;
  actor: string;
  impersonation: CanaryImpersonation;
  baseline: CanaryBaseline;
  /** ISO 8601; null: not until a person acts. */
  nextRunAt: string | null;
  /** Recorded in the same transaction, e.g. the `started` event. */
  events?: NewCanaryEvent[];
  /** The clock; now when omitted. */
  now?: Date;
}

/**
 * A change of a canary's state, applied only if nobody changed it since it
 * was read, together with the events and verdicts that explain it: all or
 * nothing.
 *
 * @internal
 */
export interface CanaryUpdate {
  /** The `version` the new state was computed from. */
  expectedVersion: number;
  /**
   * The worker saving under its lease: refused unless it still holds a live
   * lease. Omitted for a person's action, which the version alone guards
   * (and which makes the leaseholder's next save fail, as it should).
   */
  lease?: { owner: string; release?: boolean };
  state: CanaryState;
  /** ISO 8601; null: not until a person acts. Ignored once finished. */
  nextRunAt: string | null;
  /** Replaces the last observation; the stored one stays when omitted. */
  observation?: CanaryLastObservation;
  /** Ends the canary; its lease is released and it is never due again. */
  finished?: { outcome: CanaryOutcome; at: string };
  events?: NewCanaryEvent[];
  verdicts?: NewVerdict[];
  /** The clock the lease is checked against; now when omitted. */
  now?: Date;
}

/**
 * Options of {@link CanaryStore.claimDue}.
 *
 * @internal
 */
export interface ClaimOptions {
  /** The claiming worker, e.g. from `workerName('canary')`. */
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
}
