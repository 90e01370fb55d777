import { instantQuery } from '../../metrics/instantQuery';
import { prometheusGet } from '../../metrics/prometheusApi';
import { CanarySpec } from '../plan';
import { builtInAnalysisQueries, teamQueryPerTrack } from './analysisQueries';
import { judgeStep, MetricInput } from './judge';
import { CanaryVerdict } from './verdict';

const TIMEOUT_MS = 10_000;

type Series = Array<{ values: Array<[number, string]> }>;

/**
 * Values of a query at every step of the window, one series expected: a
 * query returning several would mix pods or routes into one sample each,
 * so it is refused rather than silently averaged.
 */
async function samplesOf(
  prometheusUrl: string,
  promql: string,
  range: { start: number; end: number; step: number },
): Promise<number[]> {
  const data = await prometheusGet<{ result: Series }>(
    prometheusUrl,
    '/api/v1/query_range',
    {
      query: promql,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    },
    TIMEOUT_MS,
  );
  const result = data?.result ?? [];
  if (result.length > 1) {
    throw new Error(
      `the query returns ${result.length} series; aggregate it to one (e.g. sum(...) or max(...))`,
    );
  }
  return (result[0]?.values ?? [])
    .map(([, v]) => Number(v))
    .filter(Number.isFinite);
}

/**
 * Judges the current step of a canary from the cluster's Prometheus: error
 * rate and p95 latency of the canary's pods against the stable's over the
 * analysis window, plus the team's own queries, each confined to the
 * track's pods in the Deployment's namespace.
 *
 * A team query Prometheus rejects, or one returning several series, makes
 * that metric inconclusive with the reason, so the canary pauses for a
 * person rather than passing on what could not be measured.
 *
 * @internal
 */
export async function runAnalysis(options: {
  prometheusUrl: string;
  namespace: string;
  name: string;
  spec: CanarySpec;
  now: Date;
}): Promise<CanaryVerdict> {
  const { prometheusUrl, namespace, name, spec, now } = options;
  const { analysis } = spec;
  const end = Math.floor(now.getTime() / 1000);
  const range = {
    start: end - analysis.windowSeconds + analysis.intervalSeconds,
    end,
    step: analysis.intervalSeconds,
  };
  const builtIn = builtInAnalysisQueries({
    namespace,
    name,
    intervalSeconds: analysis.intervalSeconds,
    windowSeconds: analysis.windowSeconds,
  });
  const both = async (queries: { canary: string; stable: string }) => {
    const [canary, stable] = await Promise.all([
      samplesOf(prometheusUrl, queries.canary, range),
      samplesOf(prometheusUrl, queries.stable, range),
    ]);
    return { canary, stable };
  };
  const [errorRate, latencyP95, canaryRequests, stableRequests] =
    await Promise.all([
      both(builtIn.errorRate),
      both(builtIn.latencyP95),
      instantQuery(prometheusUrl, builtIn.requests.canary, end),
      instantQuery(prometheusUrl, builtIn.requests.stable, end),
    ]);
  const totals = { canary: canaryRequests ?? 0, stable: stableRequests ?? 0 };
  const metrics: MetricInput[] = [
    {
      name: 'error rate',
      unit: '%',
      queries: builtIn.errorRate,
      samples: errorRate,
      totals,
      rule: {
        higherIsWorse: true,
        maxIncrease: analysis.errorRate.maxIncreasePoints,
        minTotal: analysis.minRequests,
      },
    },
    {
      name: 'p95 latency',
      unit: 's',
      queries: builtIn.latencyP95,
      samples: latencyP95,
      totals,
      rule: {
        higherIsWorse: true,
        maxRatio: analysis.latencyP95.maxRatio,
        minTotal: analysis.minRequests,
      },
    },
  ];
  const failedQueries: string[] = [];
  for (const query of analysis.queries) {
    const queries = teamQueryPerTrack(query.promql, { namespace, name });
    const { name: metricName, promql: _, ...rule } = query;
    try {
      metrics.push({
        name: metricName,
        queries,
        samples: await both(queries),
        rule,
      });
    } catch (error) {
      // No samples: the judge calls it inconclusive and says how many it had.
      failedQueries.push(`${metricName}: ${(error as Error).message}`);
      metrics.push({
        name: metricName,
        queries,
        samples: { canary: [], stable: [] },
        rule,
      });
    }
  }
  const verdict = judgeStep(
    {
      metrics,
      settings: { minSamples: analysis.minSamples, alpha: analysis.alpha },
    },
    now,
  );
  for (const judgement of verdict.metrics) {
    const failure = failedQueries.find(f =>
      f.startsWith(`${judgement.name}: `),
    );
    if (failure) {
      judgement.reason = `the query could not be evaluated (${failure.slice(
        judgement.name.length + 2,
      )}); ${judgement.reason}`;
    }
  }
  return verdict;
}
