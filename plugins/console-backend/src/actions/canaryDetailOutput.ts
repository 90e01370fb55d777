import {
  CanaryAnalysisOutcome,
  CanaryDetail,
} from '@paasport/plugin-console-common';
import { SchemaZod } from './actionInput';
import {
  canaryOverview,
  CanaryOverview,
  canaryOverviewShape,
} from './canaryOutput';

/**
 * One analysis of a canary as `get-canary` gives it: per metric the outcome,
 * each track's median, the rank test's p-value and the reason in words.
 *
 * @internal
 */
export interface VerdictOverview {
  stepIndex: number;
  weight: number;
  outcome: CanaryAnalysisOutcome;
  judgedAt: string;
  metrics: Array<{
    name: string;
    unit?: string;
    outcome: CanaryAnalysisOutcome;
    reason: string;
    medians: { canary: number | null; stable: number | null };
    /** Null when the tracks had too few samples for the test. */
    pValue: number | null;
  }>;
}

/**
 * The output of the `get-canary` action.
 *
 * @internal
 */
export interface CanaryDetailOverview extends CanaryOverview {
  failures: number;
  failureLimit: number;
  verdicts: VerdictOverview[];
  events: Array<{
    at: string;
    kind: string;
    stepIndex: number;
    message: string;
    by?: string;
  }>;
}

/**
 * A canary's detail cut down field by field; the PromQL of each metric is
 * left out (it is in the analysis settings, not in the answer to "why").
 *
 * @internal
 */
export function canaryDetailOverview(
  canary: CanaryDetail,
): CanaryDetailOverview {
  return {
    ...canaryOverview(canary),
    failures: canary.failures,
    failureLimit: canary.failureLimit,
    verdicts: canary.verdicts.map(({ stepIndex, weight, verdict }) => ({
      stepIndex,
      weight,
      outcome: verdict.outcome,
      judgedAt: verdict.judgedAt,
      metrics: verdict.metrics.map(metric => ({
        name: metric.name,
        ...(metric.unit && { unit: metric.unit }),
        outcome: metric.outcome,
        reason: metric.reason,
        medians: {
          canary: metric.canary.median,
          stable: metric.stable.median,
        },
        pValue: metric.test?.pValue ?? null,
      })),
    })),
    events: canary.events.map(event => ({
      at: event.at,
      kind: event.kind,
      stepIndex: event.stepIndex,
      message: event.message,
      ...(event.by && { by: event.by }),
    })),
  };
}

/**
 * The zod schema of {@link CanaryDetailOverview}, for the actions registry.
 *
 * @internal
 */
export function canaryDetailOutputSchema(z: SchemaZod) {
  const outcome = z.enum(['pass', 'fail', 'inconclusive']);
  const metric = z.object({
    name: z.string().describe('The metric, e.g. "error rate"'),
    unit: z.string().optional(),
    outcome,
    reason: z.string().describe('Why, in a sentence with the numbers'),
    medians: z.object({
      canary: z.number().nullable(),
      stable: z.number().nullable(),
    }),
    pValue: z
      .number()
      .nullable()
      .describe('The rank test; null when there were too few samples'),
  });
  return z.object({
    ...canaryOverviewShape(z),
    failures: z.number().int(),
    failureLimit: z.number().int(),
    verdicts: z.array(
      z.object({
        stepIndex: z.number().int(),
        weight: z.number().describe("The step's weight, in percent"),
        outcome: outcome.describe('inconclusive is never a pass'),
        judgedAt: z.string(),
        metrics: z.array(metric),
      }),
    ),
    events: z.array(
      z.object({
        at: z.string(),
        kind: z.string(),
        stepIndex: z.number().int(),
        message: z.string(),
        by: z
          .string()
          .optional()
          .describe("The person; absent for Paasport's own decisions"),
      }),
    ),
  });
}
