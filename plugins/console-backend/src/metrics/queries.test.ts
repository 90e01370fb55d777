import {
  alignedRange,
  chartQueries,
  podNamePattern,
  RATE_WINDOW_SECONDS,
  revisionQueries,
  stepFor,
  workloadQueries,
} from './queries';

const asRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/\\\\/g, '\\')}$`);

describe('metrics queries', () => {
  it('matches pods of all revisions of a workload and nothing else', () => {
    const deployment = asRegExp(podNamePattern('Deployment', 'shop'));
    expect(deployment.test('shop-7d9f8c6b5-x2x4z')).toBe(true);
    expect(deployment.test('shop-web-7d9f8c6b5-x2x4z')).toBe(false);
    const set = asRegExp(podNamePattern('StatefulSet', 'ledger-db'));
    expect(set.test('ledger-db-0')).toBe(true);
    expect(set.test('ledger-db-abc')).toBe(false);
  });

  it("matches only one ReplicaSet's pods by its pod-template-hash", () => {
    const one = asRegExp(podNamePattern('Deployment', 'shop', '7d9f8c6b5'));
    expect(one.test('shop-7d9f8c6b5-x2x4z')).toBe(true);
    expect(one.test('shop-5c4b8d7f9-x2x4z')).toBe(false);
    // Only what the controller writes reaches a query.
    expect(() =>
      podNamePattern('Deployment', 'shop', '.*"} or up{x="'),
    ).toThrow('Not a pod-template-hash');
    // A StatefulSet's pods keep their names across revisions.
    expect(podNamePattern('StatefulSet', 'db', 'ignored')).toBe('db-[0-9]+');
  });

  it('builds the charted PromQL', () => {
    const q = workloadQueries({
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'shop-api',
      window: RATE_WINDOW_SECONDS,
    });
    expect(q.cpu).toBe(
      'sum(rate(container_cpu_usage_seconds_total{namespace="storefront",pod=~"shop-api-[a-z0-9]+-[a-z0-9]+",container!="",container!="POD"}[300s]))',
    );
    expect(q.errorRate).toContain('code=~"5.."');
    expect(q.latencyP95).toMatch(/^histogram_quantile\(0\.95, sum by \(le\)/);
    // Restarts: a whole count per container over the hour before each point.
    expect(q.restarts).toBe(
      'sum(round(increase(kube_pod_container_status_restarts_total{namespace="storefront",pod=~"shop-api-[a-z0-9]+-[a-z0-9]+"}[3600s])))',
    );
    expect(q.pods).toBe(
      'count(count by (pod) (kube_pod_container_info{namespace="storefront",pod=~"shop-api-[a-z0-9]+-[a-z0-9]+"}))',
    );
  });

  it('asks the same of Prometheus at every range, so a moment reads the same', () => {
    const workload = {
      kind: 'Deployment' as const,
      namespace: 'storefront',
      name: 'shop-api',
    };
    const now = 1_780_003_333;
    const plans = [3600, 6 * 3600, 86400, 7 * 86400].map(range =>
      chartQueries(workload, range, now),
    );
    // One PromQL per metric whatever the range: no window follows the step.
    for (const plan of plans) expect(plan.queries).toEqual(plans[0].queries);
    expect(plans[0].queries.requestRate).toContain(`[${RATE_WINDOW_SECONDS}s]`);
    const steps = plans.map(p => p.points.step);
    expect(steps).toEqual([30, 180, 720, 5040]);
    // Each step divides the next, and points sit on multiples of the step:
    // every point of a longer range inside a shorter one is also its point.
    const timestamps = ({ start, end, step }: (typeof plans)[0]['points']) =>
      Array.from(
        { length: (end - start) / step + 1 },
        (_, i) => start + i * step,
      );
    for (let i = 1; i < plans.length; i++) {
      expect(steps[i] % steps[i - 1]).toBe(0);
      const shorter = plans[i - 1].points;
      const inside = timestamps(plans[i].points).filter(
        t => t >= shorter.start,
      );
      expect(inside.length).toBeGreaterThan(0);
      const shorterPoints = new Set(timestamps(shorter));
      for (const t of inside) expect(shorterPoints.has(t)).toBe(true);
    }
    expect(stepFor(900)).toBe(15);
  });

  it('puts points on multiples of the step, within the range', () => {
    const now = 1_780_003_333;
    const week = alignedRange(now, 7 * 86400, 5040);
    const day = alignedRange(now, 86400, 720);
    const hour = alignedRange(now, 3600, 30);
    for (const [range, step] of [
      [week, 5040],
      [day, 720],
      [hour, 30],
    ] as const) {
      expect(range.start % step).toBe(0);
      expect(range.end % step).toBe(0);
      expect(range.end).toBeLessThanOrEqual(now);
      expect(now - range.end).toBeLessThan(step);
    }
    expect(week.start).toBeGreaterThanOrEqual(now - 7 * 86400);
    // The last point of the week is a point of the day, and of the hour
    // when it falls in the hour.
    expect((week.end - day.start) % 720).toBe(0);
    expect(week.end).toBeGreaterThanOrEqual(day.start);
  });

  it('bounds the number of points Prometheus is asked for', () => {
    expect(stepFor(7 * 86400, 5)).toBe(55);
    expect(stepFor(3600, 60)).toBe(60);
  });

  it("measures a revision's own pods with increase over its window", () => {
    const q = revisionQueries({
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'shop-api',
      podTemplateHash: '5c4b8d7f9',
      seconds: 86400,
    });
    const pods = 'namespace="storefront",pod=~"shop-api-5c4b8d7f9-[a-z0-9]+"';
    expect(q).toEqual({
      requests: `sum(increase(http_requests_total{${pods}}[86400s]))`,
      errors: `sum(increase(http_requests_total{${pods},code=~"5.."}[86400s]))`,
      latencyP95: `histogram_quantile(0.95, sum by (le) (increase(http_request_duration_seconds_bucket{${pods}}[86400s])))`,
    });
    expect(
      revisionQueries({
        kind: 'StatefulSet',
        namespace: 'payments',
        name: 'ledger-db',
        seconds: 600.4,
      }).requests,
    ).toBe(
      'sum(increase(http_requests_total{namespace="payments",pod=~"ledger-db-[0-9]+"}[600s]))',
    );
  });
});
