import { workloadQueries } from '../../metrics/queries';
import {
  builtInAnalysisQueries,
  teamQueryPerTrack,
  trackDeploymentName,
  trackPodPattern,
} from './analysisQueries';
import { selectorsOf } from './__testUtils__/selectors';

// As Prometheus applies a =~ matcher: anchored at both ends.
const matchesPod = (pattern: string, pod: string) =>
  new RegExp(`^(?:${pattern})$`).test(pod);

const stablePod = 'shop-api-7d9f8c6b5-x2x4z';
const canaryPod = 'shop-api-canary-5c4b8d7f9-q8w7e';

describe('trackPodPattern', () => {
  it("keeps the stable track's pods and the canary's apart", () => {
    const stable = trackPodPattern('shop-api', 'stable');
    const canary = trackPodPattern('shop-api', 'canary');
    expect(matchesPod(stable, stablePod)).toBe(true);
    expect(matchesPod(stable, canaryPod)).toBe(false);
    expect(matchesPod(canary, canaryPod)).toBe(true);
    expect(matchesPod(canary, stablePod)).toBe(false);
    expect(trackDeploymentName('shop-api', 'canary')).toBe('shop-api-canary');
  });

  it('reads a dot in a Deployment name as a dot', () => {
    const pattern = trackPodPattern('shop.api', 'stable');
    expect(matchesPod(pattern, 'shop.api-7d9f8c6b5-x2x4z')).toBe(true);
    expect(matchesPod(pattern, 'shopxapi-7d9f8c6b5-x2x4z')).toBe(false);
  });

  it('refuses what cannot be a Deployment name', () => {
    expect(() => trackPodPattern('shop"} or up{x="', 'stable')).toThrow(
      'Invalid Deployment name',
    );
  });
});

describe('builtInAnalysisQueries', () => {
  const queries = builtInAnalysisQueries({
    namespace: 'storefront',
    name: 'shop-api',
    intervalSeconds: 30,
    windowSeconds: 600,
  });

  it("reads each track's pods only, in its namespace", () => {
    for (const [track, pod, otherPod] of [
      ['canary', canaryPod, stablePod],
      ['stable', stablePod, canaryPod],
    ] as const) {
      for (const metric of ['errorRate', 'latencyP95', 'requests'] as const) {
        const selectors = selectorsOf(queries[metric][track]);
        expect(selectors.length).toBeGreaterThan(0);
        for (const { matchers } of selectors) {
          expect(matchers).toContainEqual({
            label: 'namespace',
            op: '=',
            value: 'storefront',
          });
          const pods = matchers.find(m => m.label === 'pod')!;
          expect(pods.op).toBe('=~');
          expect(matchesPod(pods.value, pod)).toBe(true);
          expect(matchesPod(pods.value, otherPod)).toBe(false);
        }
      }
    }
  });

  it('uses the metrics of the charts, with one interval per sample', () => {
    const charted = workloadQueries({
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'shop-api',
      window: 30,
    });
    expect(queries.latencyP95.stable).toBe(charted.latencyP95);
    expect(queries.errorRate.stable).toContain(charted.errorRate);
    const errors = selectorsOf(queries.errorRate.canary);
    expect(errors.map(s => s.metric)).toEqual([
      'http_requests_total',
      'http_requests_total',
      'http_requests_total',
    ]);
    expect(errors[0].matchers).toContainEqual({
      label: 'code',
      op: '=~',
      value: '5..',
    });
    expect(queries.errorRate.canary).toMatch(/^100 \* /);
    expect(queries.errorRate.canary).not.toContain('[300s]');
    expect(queries.latencyP95.canary).toContain('[30s]');
    expect(queries.requests.canary).toBe(
      'sum(increase(http_requests_total{namespace="storefront",pod=~"shop-api-canary-[a-z0-9]+-[a-z0-9]+"}[600s]))',
    );
  });

  it('refuses a namespace or name Kubernetes would not accept', () => {
    expect(() =>
      builtInAnalysisQueries({
        namespace: 'store"front',
        name: 'shop-api',
        intervalSeconds: 30,
        windowSeconds: 600,
      }),
    ).toThrow('namespace: must be a Kubernetes DNS-1123 label');
    expect(() =>
      builtInAnalysisQueries({
        namespace: 'storefront',
        name: 'shop-api',
        intervalSeconds: 0,
        windowSeconds: 600,
      }),
    ).toThrow('intervalSeconds');
  });
});

describe('teamQueryPerTrack', () => {
  it("confines the team's query to each track's pods", () => {
    const queries = teamQueryPerTrack(
      'sum(rate(orders_failed_total[1m])) / sum(rate(orders_total[1m]))',
      { namespace: 'storefront', name: 'shop-api' },
    );
    for (const [track, pod] of [
      ['canary', canaryPod],
      ['stable', stablePod],
    ] as const) {
      const selectors = selectorsOf(queries[track]);
      expect(selectors.map(s => s.metric)).toEqual([
        'orders_failed_total',
        'orders_total',
      ]);
      for (const { matchers } of selectors) {
        expect(matchesPod(matchers[1].value, pod)).toBe(true);
      }
    }
    expect(queries.canary).not.toBe(queries.stable);
  });
});
