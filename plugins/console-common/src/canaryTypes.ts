// The canary releases' API: what the console backend answers and what the
// Releases tab shows. Verdicts are stored as they are, so they are plain
// JSON (no Date, no class instances).

/**
 * What the analysis of one step concludes. `inconclusive` is never a pass:
 * the canary waits for a person.
 *
 * @public
 */
export type CanaryAnalysisOutcome = 'pass' | 'fail' | 'inconclusive';

/**
 * What is tolerated of one analysed metric, and which way is bad.
 *
 * @public
 */
export interface CanaryMetricRule {
  /** True for error rates and latencies; false for, say, a success rate. */
  higherIsWorse: boolean;
  /** How much worse the canary's median may be, in the metric's unit. */
  maxIncrease?: number;
  /** How many times worse the canary's median may be. */
  maxRatio?: number;
  /** A ceiling for the canary's median. */
  maxValue?: number;
  /** Fewer requests on either track: inconclusive. */
  minTotal?: number;
}

/**
 * One track's samples of a metric over the analysis window.
 *
 * @public
 */
export interface CanaryTrackSummary {
  /** Finite samples the track had; intervals without data are left out. */
  samples: number;
  median: number | null;
  mean: number | null;
  /** Requests over the window, when the rule counts them. */
  total?: number;
}

/**
 * The judgement of one metric in one analysis.
 *
 * @public
 */
export interface CanaryMetricJudgement {
  /** The metric as a developer reads it, e.g. "error rate". */
  name: string;
  /** The unit of the values, e.g. "%" or "s". */
  unit?: string;
  outcome: CanaryAnalysisOutcome;
  /** Why, in a sentence with the numbers. */
  reason: string;
  /** The PromQL run for each track. */
  queries: { canary: string; stable: string };
  canary: CanaryTrackSummary;
  stable: CanaryTrackSummary;
  /** The rank test, when both tracks had enough samples to run it. */
  test?: {
    u: number;
    pValue: number;
    method: 'exact' | 'normal';
    alternative: string;
  };
  rule: CanaryMetricRule;
}

/**
 * The verdict of one analysis step, with everything needed to explain it
 * later: the queries, the values per track and the test.
 *
 * @public
 */
export interface CanaryVerdict {
  outcome: CanaryAnalysisOutcome;
  /** ISO 8601. */
  judgedAt: string;
  settings: { minSamples: number; alpha: number };
  metrics: CanaryMetricJudgement[];
}

/**
 * Where a canary is in its life. `succeeded` and `aborted` are final.
 *
 * @public
 */
export type CanaryPhaseName =
  | 'scaling'
  | 'analysing'
  | 'paused'
  | 'promoting'
  | 'aborting'
  | 'succeeded'
  | 'aborted';

/**
 * What a person may do to a running canary.
 *
 * @public
 */
export type CanaryActionName = 'promote' | 'pause' | 'resume' | 'abort';

/**
 * Replicas of one track: what its Deployment asks for and how many are ready.
 *
 * @public
 */
export interface CanaryTrackReplicas {
  desired: number;
  ready: number;
}

/**
 * A canary release as lists show it.
 *
 * @public
 */
export interface CanarySummary {
  id: string;
  /** The Component the workload belongs to. */
  entityRef: string;
  cluster: string;
  namespace: string;
  /** The stable Deployment. */
  name: string;
  /** The canary Deployment, `<name>-canary`. */
  canaryName: string;
  phase: CanaryPhaseName;
  /** Index into `steps` of the current step. */
  stepIndex: number;
  steps: Array<{
    weight: number;
    pause?: { seconds: number } | { untilResumed: true };
  }>;
  /** The current step's weight, in percent. */
  targetWeight: number;
  /**
   * The weight in effect: ready canary endpoints of all ready endpoints, in
   * percent; null when nothing is ready or the cluster could not be read.
   */
  actualWeight: number | null;
  /** Null when the cluster could not be read. */
  replicas: {
    canary: CanaryTrackReplicas | null;
    stable: CanaryTrackReplicas;
  } | null;
  /** Where the canary is, as a sentence. */
  message: string;
  /** Set while paused: why, and what ends it. */
  pause?: {
    kind:
      | 'step'
      | 'retry'
      | 'gate'
      | 'inconclusive'
      | 'person'
      | 'stableChanged';
    reason: string;
    /** ISO 8601, for a timed pause. */
    until?: string;
    by?: string;
  };
  failures: number;
  failureLimit: number;
  /** New image per container. */
  images: Record<string, string>;
  /**
   * Names of the environment variables the release changes, per container
   * (values are never shown: they may be secrets).
   */
  envChanged: Record<string, string[]>;
  /**
   * Keys of the pod template annotations the release sets or removes,
   * sorted. Optional because a console backend older than this field does
   * not send it (the frontend and backend plugins may be upgraded apart).
   */
  annotationsChanged?: string[];
  /** Who started it. */
  actor: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** How it ended. */
  outcome?: 'promoted' | 'aborted' | 'failed';
  /** The actions the asking person may take now. */
  allowedActions: CanaryActionName[];
}

/**
 * One analysis of a canary, as kept.
 *
 * @public
 */
export interface CanaryVerdictRecord {
  id: string;
  stepIndex: number;
  /** The step's weight. */
  weight: number;
  verdict: CanaryVerdict;
}

/**
 * An entry of a canary's history.
 *
 * @public
 */
export interface CanaryHistoryEvent {
  /** ISO 8601. */
  at: string;
  kind: string;
  stepIndex: number;
  message: string;
  /** The person, or absent for Paasport's own decisions. */
  by?: string;
}

/**
 * A canary with its verdicts and history.
 *
 * @public
 */
export interface CanaryDetail extends CanarySummary {
  analysis: {
    intervalSeconds: number;
    windowSeconds: number;
    minSamples: number;
    alpha: number;
    errorRate: { maxIncreasePoints: number };
    latencyP95: { maxRatio: number };
    minRequests: number;
    queries: Array<{
      name: string;
      promql: string;
      higherIsWorse: boolean;
      maxIncrease?: number;
      maxRatio?: number;
      maxValue?: number;
    }>;
  };
  verdicts: CanaryVerdictRecord[];
  events: CanaryHistoryEvent[];
}

/**
 * `GET /entities/:kind/:namespace/:name/canaries`: running canaries first,
 * then past ones, newest first.
 *
 * @public
 */
export interface CanaryListResponse {
  canaries: CanarySummary[];
}
