import { ClusterError } from './clusterTypes';
import { WorkloadKind } from './releaseTypes';

/**
 * A workload's golden signals right now: what its pods served over the
 * last few minutes. `null` means there was no traffic to judge by (a
 * worker, a database, or pods that just started), never zero.
 *
 * @public
 */
export interface WorkloadSignals {
  /** The Component the workload belongs to. */
  entityRef: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Requests per second. */
  requestRate: number | null;
  /** Share of requests answered with a 5xx status, 0–1. */
  errorRate: number | null;
  /** 95th percentile of request duration, in seconds. */
  latencyP95: number | null;
}

/**
 * Signals of one cluster's workloads, or why the cluster's Prometheus could
 * not say (then `error`).
 *
 * @public
 */
export interface ClusterSignals {
  cluster: string;
  workloads: WorkloadSignals[];
}

/**
 * `GET /entities/:kind/:namespace/:name/signals`: the golden signals of the
 * workloads of a Component, a System's Components or a team's Components.
 *
 * @public
 */
export interface SignalsResponse {
  entityRef: string;
  /** How far back the rates look, in seconds. */
  windowSeconds: number;
  clusters: Array<ClusterSignals | ClusterError>;
}

/**
 * `GET /teams/mine`: the trusted teams of the person asking.
 *
 * @public
 */
export interface MyTeamsResponse {
  userEntityRef: string;
  /** Team Group refs, e.g. `group:default/storefront`. */
  teams: string[];
  /** A platform admin (may act on every team's services). */
  admin: boolean;
}
