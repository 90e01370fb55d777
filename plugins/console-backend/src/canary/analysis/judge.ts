import { z } from 'zod';
import { parseInput } from '../../router/validation';
import { mannWhitneyU } from './mannWhitney';
import {
  describeComparison,
  formatNumber,
  formatPValue,
  plainRatio,
  withUnit,
} from './reasons';
import {
  AnalysisOutcome,
  CanaryVerdict,
  MetricJudgement,
  metricRuleSchema,
  TrackSummary,
} from './verdict';
import { summarizeTrack } from './trackSummary';

// Samples come straight from Prometheus, where NaN means "no data in this
// interval" (0 / 0 without requests): accepted here, and left out of the
// count rather than refused.
const samples = z.array(
  z.custom<number>(v => typeof v === 'number', 'expected a number'),
);

/** @internal */
export const analysisSettingsSchema = z
  .object({
    /** Fewer finite samples on either track: inconclusive, never pass. */
    minSamples: z.number().int().min(1),
    /** The one-sided significance level of the rank test. */
    alpha: z.number().gt(0).max(0.5),
  })
  .refine(s => smallestExactPValue(s.minSamples) < s.alpha, {
    message:
      'minSamples is too small for the rank test ever to reach p < alpha, so no canary could fail on a comparison',
    path: ['minSamples'],
  });

/** @internal */
export type AnalysisSettings = z.output<typeof analysisSettingsSchema>;

/** @internal */
export const metricInputSchema = z.object({
  name: z.string().min(1),
  unit: z.string().max(16).optional(),
  queries: z.object({ canary: z.string(), stable: z.string() }),
  /** The metric's value at each interval of the window, per track. */
  samples: z.object({ canary: samples, stable: samples }),
  /** Traffic per track over the window, for the rule's `minTotal`. */
  totals: z
    .object({
      canary: z.custom<number>(v => typeof v === 'number'),
      stable: z.custom<number>(v => typeof v === 'number'),
    })
    .optional(),
  rule: metricRuleSchema,
});

/** @internal */
export type MetricInput = z.input<typeof metricInputSchema>;

/** @internal */
export const stepInputSchema = z.object({
  metrics: z.array(metricInputSchema).min(1),
  settings: analysisSettingsSchema,
});

/**
 * Judges one analysis step: each metric on its own, then the step. Any
 * failing metric fails the step; otherwise any inconclusive one makes it
 * inconclusive; only when every metric passes does the step pass.
 *
 * Throws an `InputError` naming the field when the input is malformed.
 *
 * @internal
 */
export function judgeStep(
  input: z.input<typeof stepInputSchema>,
  now: Date = new Date(),
): CanaryVerdict {
  const { metrics, settings } = parseInput(
    stepInputSchema,
    input,
    'canary analysis',
  );
  const judgements = metrics.map(metric => judgeMetric(metric, settings));
  const outcomes = judgements.map(j => j.outcome);
  let outcome: AnalysisOutcome = 'pass';
  if (outcomes.includes('fail')) outcome = 'fail';
  else if (outcomes.includes('inconclusive')) outcome = 'inconclusive';
  return {
    outcome,
    judgedAt: now.toISOString(),
    settings: { minSamples: settings.minSamples, alpha: settings.alpha },
    metrics: judgements,
  };
}

function judgeMetric(
  metric: z.output<typeof metricInputSchema>,
  settings: AnalysisSettings,
): MetricJudgement {
  const { name, unit, rule } = metric;
  const canarySamples = metric.samples.canary.filter(Number.isFinite);
  const stableSamples = metric.samples.stable.filter(Number.isFinite);
  const canary = summarizeTrack(canarySamples, metric.totals?.canary);
  const stable = summarizeTrack(stableSamples, metric.totals?.stable);
  const judged = (
    outcome: AnalysisOutcome,
    reason: string,
    test?: MetricJudgement['test'],
  ): MetricJudgement => ({
    name,
    ...(unit !== undefined && { unit }),
    outcome,
    reason,
    queries: metric.queries,
    canary,
    stable,
    ...(test && { test }),
    rule,
  });

  const traffic = trafficShortfall(metric, canary, stable);
  const enough = settings.minSamples;
  // A canary far above its ceiling fails on its own numbers, even when the
  // stable track has a gap; but not on a handful of requests.
  if (
    rule.maxValue !== undefined &&
    canary.median !== null &&
    canary.samples >= enough &&
    !traffic?.canary &&
    canary.median > rule.maxValue
  ) {
    return judged(
      'fail',
      `canary ${name} ${withUnit(
        canary.median,
        unit,
      )} is above the ceiling of ${withUnit(rule.maxValue, unit)}`,
    );
  }
  if (traffic) return judged('inconclusive', traffic.reason);
  if (canary.samples < enough || stable.samples < enough) {
    return judged(
      'inconclusive',
      `too few samples of ${name}: canary ${canary.samples}, stable ${stable.samples}, need ${enough} on each track`,
    );
  }

  const alternative = rule.higherIsWorse ? 'greater' : 'less';
  const result = mannWhitneyU(canarySamples, stableSamples, alternative);
  const test = {
    u: result.u,
    pValue: result.pValue,
    method: result.method,
    alternative: `canary ${alternative} than stable`,
  };
  // Both medians exist: each track has at least minSamples ≥ 1 samples.
  const c = canary.median!;
  const s = stable.median!;
  const comparison = describeComparison({
    name,
    unit,
    canary: c,
    stable: s,
    rule,
  });
  const p = `Mann-Whitney U p = ${formatPValue(result.pValue)}`;
  const alphaText = formatNumber(settings.alpha);
  const ceiling =
    rule.maxValue === undefined
      ? ''
      : `, below the ceiling of ${withUnit(rule.maxValue, unit)}`;
  if (!beyondTolerance(c, s, rule)) {
    return judged(
      'pass',
      `${comparison}${ceiling}: within tolerance; ${p}`,
      test,
    );
  }
  if (result.pValue < settings.alpha) {
    return judged(
      'fail',
      `${comparison}; ${p} < ${alphaText}: the canary is worse`,
      test,
    );
  }
  return judged(
    'pass',
    `${comparison}${ceiling}: beyond tolerance, but not significantly worse (${p} ≥ ${alphaText})`,
    test,
  );
}

/** Whether the canary is worse than every tolerance the rule sets. */
function beyondTolerance(
  canary: number,
  stable: number,
  rule: z.output<typeof metricRuleSchema>,
): boolean {
  const tolerances: boolean[] = [];
  if (rule.maxIncrease !== undefined) {
    const worseBy = rule.higherIsWorse ? canary - stable : stable - canary;
    tolerances.push(worseBy > rule.maxIncrease);
  }
  if (rule.maxRatio !== undefined) {
    const worseRatio = rule.higherIsWorse
      ? plainRatio(canary, stable)
      : plainRatio(stable, canary);
    tolerances.push(worseRatio > rule.maxRatio);
  }
  // Only a ceiling: no comparison with the stable track can fail it.
  return tolerances.length > 0 && tolerances.every(Boolean);
}

function trafficShortfall(
  metric: z.output<typeof metricInputSchema>,
  canary: TrackSummary,
  stable: TrackSummary,
) {
  const minimum = metric.rule.minTotal;
  if (minimum === undefined) return undefined;
  const short = {
    canary: !((canary.total ?? 0) >= minimum),
    stable: !((stable.total ?? 0) >= minimum),
  };
  if (!short.canary && !short.stable) return undefined;
  const count = (t?: number) =>
    t === undefined || !Number.isFinite(t) ? 'unknown' : formatNumber(t);
  return {
    ...short,
    reason: `too little traffic to judge ${metric.name}: canary ${count(
      canary.total,
    )} requests, stable ${count(stable.total)}, need ${formatNumber(
      minimum,
    )} on each track`,
  };
}

/** The smallest one-sided p of the exact test with n samples on each side. */
function smallestExactPValue(n: number): number {
  // 1 / C(2n, n): only the most extreme of all arrangements is as extreme.
  let arrangements = 1;
  for (let k = 1; k <= n; k++) arrangements = (arrangements * (n + k)) / k;
  return 1 / arrangements;
}
