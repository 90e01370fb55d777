import { podNamePattern, stepFor, workloadQueries } from './queries';

describe('metrics queries', () => {
  it('matches pods of all revisions of a workload and nothing else', () => {
    const deployment = new RegExp(
      `^${podNamePattern('Deployment', 'shop').replace(/\\\\/g, '\\')}$`,
    );
    expect(deployment.test('shop-7d9f8c6b5-x2x4z')).toBe(true);
    expect(deployment.test('shop-web-7d9f8c6b5-x2x4z')).toBe(false);
    const set = new RegExp(`^${podNamePattern('StatefulSet', 'ledger-db')}$`);
    expect(set.test('ledger-db-0')).toBe(true);
    expect(set.test('ledger-db-abc')).toBe(false);
  });

  it('builds the charted PromQL', () => {
    const q = workloadQueries({
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'shop-api',
      window: 60,
    });
    expect(q.cpu).toBe(
      'sum(rate(container_cpu_usage_seconds_total{namespace="storefront",pod=~"shop-api-[a-z0-9]+-[a-z0-9]+",container!="",container!="POD"}[60s]))',
    );
    expect(q.errorRate).toContain('code=~"5.."');
    expect(q.latencyP95).toMatch(/^histogram_quantile\(0\.95, sum by \(le\)/);
  });

  it('picks about 120 points and a rate window of two steps', () => {
    expect(stepFor(3600)).toEqual({ step: 30, window: 60 });
    expect(stepFor(600)).toEqual({ step: 15, window: 30 });
    expect(stepFor(7 * 86400, 5)).toEqual({ step: 55, window: 110 });
  });
});
