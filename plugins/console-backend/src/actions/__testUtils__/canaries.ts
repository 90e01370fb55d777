import { CanaryDetail, CanarySummary } from '@paasport/plugin-console-common';

/** A running canary as `CanaryService.list` gives it. */
export const runningCanary: CanarySummary = {
  id: '3f0c9a52-6d1e-4b7a-9c2f-8e4d5a6b7c10',
  entityRef: 'component:default/shop-web',
  cluster: 'dev',
  namespace: 'storefront',
  name: 'shop-web',
  canaryName: 'shop-web-canary',
  phase: 'paused',
  stepIndex: 1,
  steps: [
    { weight: 20, pause: { seconds: 60 } },
    { weight: 50, pause: { untilResumed: true } },
    { weight: 100 },
  ],
  targetWeight: 50,
  actualWeight: 48,
  replicas: {
    canary: { desired: 2, ready: 2 },
    stable: { desired: 2, ready: 2 },
  },
  message: 'Waiting at 50% for a person to resume',
  pause: { kind: 'step', reason: 'step 2 waits for a person' },
  failures: 0,
  failureLimit: 2,
  images: { web: 'registry.paasport.dev/shop/web:1.3.0' },
  envChanged: { web: ['FEATURE_FLAGS', 'DB_PASSWORD'] },
  annotationsChanged: ['shop.paasport.io/tuning'],
  actor: 'user:default/alice',
  createdAt: '2025-05-02T09:00:00Z',
  updatedAt: '2025-05-02T09:04:00Z',
  allowedActions: ['promote', 'resume', 'abort'],
};

/** A finished canary as `CanaryService.list` gives it. */
export const finishedCanary: CanarySummary = {
  ...runningCanary,
  id: '0b6f3e1d-2c4a-4f8e-a1b2-c3d4e5f60718',
  phase: 'aborted',
  stepIndex: 0,
  targetWeight: 20,
  actualWeight: null,
  replicas: null,
  message: 'Aborted: error rate failed twice',
  pause: undefined,
  failures: 2,
  envChanged: {},
  annotationsChanged: [],
  outcome: 'failed',
  actor: 'user:default/bob',
  createdAt: '2025-05-01T09:00:00Z',
  updatedAt: '2025-05-01T09:10:00Z',
  finishedAt: '2025-05-01T09:10:00Z',
  allowedActions: [],
};

/** The running canary with an analysis and its history. */
export const canaryDetail: CanaryDetail = {
  ...runningCanary,
  analysis: {
    intervalSeconds: 30,
    windowSeconds: 300,
    minSamples: 8,
    alpha: 0.05,
    errorRate: { maxIncreasePoints: 1 },
    latencyP95: { maxRatio: 1.2 },
    minRequests: 100,
    queries: [],
  },
  verdicts: [
    {
      id: 'v1',
      stepIndex: 0,
      weight: 20,
      verdict: {
        outcome: 'pass',
        judgedAt: '2025-05-02T09:02:00Z',
        settings: { minSamples: 8, alpha: 0.05 },
        metrics: [
          {
            name: 'error rate',
            unit: '%',
            outcome: 'pass',
            reason: 'canary 0.4% vs stable 0.5%: within +1 point',
            queries: { canary: 'sum(rate(x[1m]))', stable: 'sum(rate(y[1m]))' },
            canary: { samples: 10, median: 0.4, mean: 0.41, total: 1200 },
            stable: { samples: 10, median: 0.5, mean: 0.52, total: 4800 },
            test: {
              u: 40,
              pValue: 0.62,
              method: 'exact',
              alternative: 'greater',
            },
            rule: { higherIsWorse: true, maxIncrease: 1 },
          },
          {
            name: 'latency p95',
            unit: 's',
            outcome: 'inconclusive',
            reason: 'too few samples on the canary (3 of 8)',
            queries: {
              canary: 'histogram_quantile(...)',
              stable: 'histogram_quantile(...)',
            },
            canary: { samples: 3, median: null, mean: null },
            stable: { samples: 10, median: 0.21, mean: 0.22 },
            rule: { higherIsWorse: true, maxRatio: 1.2 },
          },
        ],
      },
    },
  ],
  events: [
    {
      at: '2025-05-02T09:00:00Z',
      kind: 'started',
      stepIndex: 0,
      message: 'started by user:default/alice: release 1.3.0',
      by: 'user:default/alice',
    },
    {
      at: '2025-05-02T09:02:00Z',
      kind: 'analysed',
      stepIndex: 0,
      message: 'analysis passed',
    },
  ],
};
