import { WorkloadKind } from './releaseTypes';

/**
 * How one revision of a workload served while it was current: what its own
 * pods answered in the last part of that time.
 *
 * @public
 */
export interface RevisionMeasurement {
  revision: number;
  /**
   * When the revision became current and, for an earlier one, when the next
   * revision replaced it (Unix seconds); no `until` while it still runs.
   */
  current: { since: number; until?: number };
  /**
   * What was measured (Unix seconds): the end of the time it was current,
   * at most {@link COMPARISON_MAX_WINDOW_SECONDS} of it.
   */
  window: { start: number; end: number };
  /** Requests its pods answered in the window. */
  requests: number;
  /**
   * Share of requests answered with a 5xx status, 0–1; `null` when fewer
   * than {@link COMPARISON_MIN_REQUESTS} requests leave nothing to judge by.
   */
  errorRate: number | null;
  /** 95th percentile request duration in seconds; `null` as for errorRate. */
  latencyP95: number | null;
}

/**
 * What the comparison rule says about one measure, or about a revision as
 * a whole.
 *
 * @public
 */
export type ComparisonOutcome =
  | 'worse'
  | 'better'
  | 'similar'
  | 'not-enough-data';

/**
 * The comparison rule's verdict on a revision against another one, per
 * measure and as a whole (see {@link compareRevisions}).
 *
 * @public
 */
export interface RevisionVerdict {
  overall: ComparisonOutcome;
  errorRate: ComparisonOutcome;
  latencyP95: ComparisonOutcome;
}

/**
 * `GET /entities/:kind/:namespace/:name/comparison`: a revision of a
 * workload against another one (by default the current revision against
 * the one before it).
 *
 * @public
 */
export type RevisionComparisonResponse =
  | { state: 'unconfigured'; cluster: string; message: string }
  | {
      /** Nothing to compare with: the workload's first kept revision. */
      state: 'no-baseline';
      cluster: string;
      revision: number;
      message: string;
    }
  | {
      state: 'ok';
      cluster: string;
      kind: WorkloadKind;
      namespace: string;
      name: string;
      /** The revision judged. */
      revision: RevisionMeasurement;
      /** The revision it is judged against. */
      against: RevisionMeasurement;
      verdict: RevisionVerdict;
    };

/**
 * Fewest requests a revision must have answered in its window before its
 * error rate and p95 are given: with fewer, one or two failures swing the
 * rate by whole points and the rule would cry wolf.
 *
 * @public
 */
export const COMPARISON_MIN_REQUESTS = 500;

/**
 * Most of a revision's time as current that is measured: the last day of
 * it, so a revision that ran for weeks is judged by how it did recently,
 * and the query stays cheap.
 *
 * @public
 */
export const COMPARISON_MAX_WINDOW_SECONDS = 86_400;

/**
 * The thresholds of {@link compareRevisions}: a revision is clearly worse
 * when its error rate is at least twice the other's and at least one
 * percentage point higher, or its p95 latency at least 1.5 times the
 * other's and at least 50 ms higher. Both conditions of a pair must hold,
 * so noise at tiny rates (0.1 % → 0.3 %) or fast endpoints (4 ms → 9 ms)
 * is no regression, and neither is a small rise on a slow one.
 *
 * @public
 */
export const comparisonRule = {
  errorRateFactor: 2,
  errorRatePoints: 0.01,
  latencyFactor: 1.5,
  latencySeconds: 0.05,
} as const;

const EPSILON = 1e-9;

function judge(
  value: number | null,
  baseline: number | null,
  factor: number,
  margin: number,
): ComparisonOutcome {
  if (value === null || baseline === null) return 'not-enough-data';
  // Rates and seconds are floats (0.15 - 0.1 < 0.05): a hair of tolerance
  // keeps a value exactly at a threshold on the side the rule names.
  const clearlyAbove = (a: number, b: number) =>
    a >= b * factor - EPSILON && a - b >= margin - EPSILON;
  if (clearlyAbove(value, baseline)) return 'worse';
  if (clearlyAbove(baseline, value)) return 'better';
  return 'similar';
}

/**
 * Judges a revision's error rate and p95 against another revision's by
 * {@link comparisonRule}. As a whole it is worse when either measure is
 * worse (a regression in one is not made up by the other), better when one
 * is better and none worse, and "not enough data" only when neither
 * measure could be judged.
 *
 * @public
 */
export function compareRevisions(
  revision: Pick<RevisionMeasurement, 'errorRate' | 'latencyP95'>,
  against: Pick<RevisionMeasurement, 'errorRate' | 'latencyP95'>,
): RevisionVerdict {
  const errorRate = judge(
    revision.errorRate,
    against.errorRate,
    comparisonRule.errorRateFactor,
    comparisonRule.errorRatePoints,
  );
  const latencyP95 = judge(
    revision.latencyP95,
    against.latencyP95,
    comparisonRule.latencyFactor,
    comparisonRule.latencySeconds,
  );
  const both = [errorRate, latencyP95];
  let overall: ComparisonOutcome = 'similar';
  if (both.includes('worse')) overall = 'worse';
  else if (both.includes('better')) overall = 'better';
  else if (both.every(o => o === 'not-enough-data'))
    overall = 'not-enough-data';
  return { overall, errorRate, latencyP95 };
}
