import { CanaryAnalysisOutcome } from '@paasport/plugin-console-common';
import { z } from 'zod';

// These types are stored in the database and shown in the UI as they are:
// plain JSON only (no Date, no class instances, no undefined in arrays).

/**
 * What the analysis of one step concludes. `inconclusive` is never a pass:
 * the canary waits for a person.
 *
 * @internal
 */
export type AnalysisOutcome = CanaryAnalysisOutcome;

/**
 * What is tolerated of one metric, and which way is bad.
 *
 * When both `maxIncrease` and `maxRatio` are given, the canary is beyond
 * tolerance only when it exceeds both: the absolute one keeps a metric near
 * zero (0.01 % → 0.03 % errors, three times as many) from failing on noise,
 * the ratio one keeps a large metric from failing on a small relative
 * change.
 *
 * @internal
 */
export const metricRuleSchema = z
  .object({
    /** True for error rates and latencies; false for, say, a success rate. */
    higherIsWorse: z.boolean(),
    /**
     * How much worse the canary's median may be than the stable one's, in
     * the metric's unit (percentage points for an error rate in %).
     */
    maxIncrease: z.number().nonnegative().optional(),
    /**
     * How many times worse the canary's median may be (canary / stable when
     * higher is worse, stable / canary otherwise), e.g. 1.2 for p95 latency.
     */
    maxRatio: z.number().min(1).optional(),
    /** A ceiling for the canary's median, whatever the stable track does. */
    maxValue: z.number().optional(),
    /**
     * Fewer requests than this on either track over the analysis window and
     * the metric is inconclusive: a rate of a handful of requests says
     * nothing. Needs the caller to pass `totals`.
     */
    minTotal: z.number().nonnegative().optional(),
  })
  .refine(
    rule =>
      rule.maxIncrease !== undefined ||
      rule.maxRatio !== undefined ||
      rule.maxValue !== undefined,
    { message: 'set at least one of maxIncrease, maxRatio and maxValue' },
  )
  .refine(rule => rule.maxValue === undefined || rule.higherIsWorse, {
    message:
      'maxValue is a ceiling, so it only applies to a metric where higher is worse',
  });

/** @internal */
export type MetricRule = z.output<typeof metricRuleSchema>;

// The verdict's shape is the API's (console-common), so what is stored is
// what the Releases tab shows.
export type {
  CanaryTrackSummary as TrackSummary,
  CanaryMetricJudgement as MetricJudgement,
  CanaryVerdict,
} from '@paasport/plugin-console-common';
