import { WorkloadKind } from './releaseTypes';

/**
 * A rollback and how far it got.
 *
 * @public
 */
export interface RollbackStatus {
  id: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  fromRevision: number;
  toRevision: number;
  /** The revision number the controller gave the restored template. */
  newRevision?: number;
  reason: string;
  actor: string;
  forced: boolean;
  status: 'progressing' | 'succeeded' | 'failed' | 'superseded';
  message?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/**
 * Answer to a rollback request.
 *
 * @public
 */
export type RollbackResponse =
  | { outcome: 'started'; rollback: RollbackStatus }
  | { outcome: 'noop'; message: string; currentRevision: number };

/**
 * One record of the logs stream (NDJSON, one per line).
 *
 * @public
 */
export type LogEvent =
  | {
      type: 'line';
      timestamp: string;
      pod: string;
      container: string;
      text: string;
    }
  | { type: 'error'; pod?: string; container?: string; message: string }
  | { type: 'end'; reason: string };

/**
 * A time series: `[unix seconds, value]` pairs.
 *
 * @public
 */
export type MetricPoints = Array<[number, number]>;

/**
 * Metrics of a workload over a range.
 *
 * @public
 */
export type MetricsResponse =
  | { state: 'unconfigured'; cluster: string; message: string }
  | {
      state: 'ok';
      cluster: string;
      range: { start: number; end: number; step: number };
      series: Record<MetricName, MetricPoints>;
      /** Series that failed; the others are still returned. */
      errors: Partial<Record<MetricName, string>>;
      markers: ReleaseMarker[];
    };

/**
 * A moment a revision went out: a new release (the ReplicaSet or
 * ControllerRevision was created) or a rollback made from the console.
 *
 * @public
 */
export interface ReleaseMarker {
  /** What happened; absent means `release`. */
  kind?: 'release' | 'rollback';
  /** The revision number the release had when it went out. */
  revision: number;
  /** Unix seconds. */
  at: number;
  images: string[];
  /** For rollbacks: the revision that was restored. */
  toRevision?: number;
}

/**
 * The metrics the console charts.
 *
 * @public
 */
export type MetricName =
  | 'cpu'
  | 'memory'
  | 'restarts'
  | 'pods'
  | 'requestRate'
  | 'errorRate'
  | 'latencyP95';
