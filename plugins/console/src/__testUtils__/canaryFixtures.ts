import {
  CanaryDetail,
  CanaryMetricJudgement,
  CanarySummary,
  CanaryVerdictRecord,
} from '@paasport/plugin-console-common';
import { ResponseError } from '@backstage/errors';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

/** A canary of shop-web on dev at its second step (25 %), analysing. */
export function canarySummary(
  extra: Partial<CanarySummary> = {},
): CanarySummary {
  return {
    id: '0d6f8a52-1c4e-4b7a-9f0e-2a3b4c5d6e7f',
    entityRef: 'component:default/shop-web',
    cluster: 'dev',
    namespace: 'storefront',
    name: 'shop-web',
    canaryName: 'shop-web-canary',
    phase: 'analysing',
    stepIndex: 1,
    steps: [
      { weight: 10, pause: { seconds: 120 } },
      { weight: 25, pause: { seconds: 120 } },
      { weight: 50, pause: { seconds: 120 } },
      { weight: 100 },
    ],
    targetWeight: 25,
    actualWeight: 22.2,
    replicas: {
      stable: { desired: 7, ready: 7 },
      canary: { desired: 2, ready: 2 },
    },
    message: 'Analysing step 2: 25 % of the replicas run the canary',
    failures: 0,
    failureLimit: 2,
    images: { 'shop-web': 'registry.local/shop-web:1.4.0' },
    envChanged: { 'shop-web': ['FEATURE_CHECKOUT'] },
    actor: 'user:default/alice',
    createdAt: minutesAgo(5),
    updatedAt: minutesAgo(1),
    allowedActions: ['promote', 'pause', 'abort'],
    ...extra,
  };
}

/** A metric's judgement with its numbers. */
export function judgement(
  extra: Partial<CanaryMetricJudgement> = {},
): CanaryMetricJudgement {
  return {
    name: 'error rate',
    unit: '%',
    outcome: 'pass',
    reason: 'canary 0.42 % vs stable 0.4 %: within 1 point',
    queries: {
      canary: 'sum(rate(http_requests_total{pod=~"shop-web-canary-.*"}[15s]))',
      stable:
        'sum(rate(http_requests_total{pod=~"shop-web-[a-z0-9]+-.*"}[15s]))',
    },
    canary: { samples: 8, median: 0.42, mean: 0.44 },
    stable: { samples: 8, median: 0.4, mean: 0.41 },
    test: { u: 30, pValue: 0.3125, method: 'exact', alternative: 'greater' },
    rule: { higherIsWorse: true, maxIncrease: 1 },
    ...extra,
  };
}

/** The verdict of step `stepIndex`. */
export function verdictRecord(
  stepIndex: number,
  outcome: CanaryVerdictRecord['verdict']['outcome'],
  metrics: CanaryMetricJudgement[],
): CanaryVerdictRecord {
  const weights = [10, 25, 50, 100];
  return {
    id: `verdict-${stepIndex}`,
    stepIndex,
    weight: weights[stepIndex],
    verdict: {
      outcome,
      judgedAt: minutesAgo(4 - stepIndex),
      settings: { minSamples: 6, alpha: 0.05 },
      metrics,
    },
  };
}

/** The canary of {@link canarySummary} with one passed verdict. */
export function canaryDetail(extra: Partial<CanaryDetail> = {}): CanaryDetail {
  return {
    ...canarySummary(),
    analysis: {
      intervalSeconds: 15,
      windowSeconds: 120,
      minSamples: 6,
      alpha: 0.05,
      errorRate: { maxIncreasePoints: 1 },
      latencyP95: { maxRatio: 1.2 },
      minRequests: 50,
      queries: [],
    },
    verdicts: [
      verdictRecord(0, 'pass', [
        judgement(),
        judgement({
          name: 'p95 latency',
          unit: 's',
          reason: 'canary 0.051 s vs stable 0.048 s: within 1.2 times',
          canary: { samples: 7, median: 0.051, mean: 0.05 },
          stable: { samples: 8, median: 0.048, mean: 0.049 },
          test: undefined,
          rule: { higherIsWorse: true, maxRatio: 1.2 },
        }),
      ]),
    ],
    events: [
      {
        at: minutesAgo(5),
        kind: 'started',
        stepIndex: 0,
        message: 'Started: 10 % of the replicas run the canary',
        by: 'user:default/alice',
      },
    ],
    ...extra,
  };
}

/** A ResponseError as ConsoleClient throws it for a refused request. */
export async function refusal(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}
