import { InputError } from '@backstage/errors';
import { scopeTeamQuery } from './scopeTeamQuery';
import { selectorsOf } from './__testUtils__/selectors';

const scope = {
  namespace: 'storefront',
  podPattern: 'shop-api-canary-[a-z0-9]+-[a-z0-9]+',
};

/** Every selector of the query has exactly the scope's two matchers. */
function expectScoped(promql: string, expected = scope) {
  const selectors = selectorsOf(promql);
  expect(selectors.length).toBeGreaterThan(0);
  for (const { matchers } of selectors) {
    expect(matchers.filter(m => m.label === 'namespace')).toEqual([
      { label: 'namespace', op: '=', value: expected.namespace },
    ]);
    expect(matchers.filter(m => m.label === 'pod')).toEqual([
      { label: 'pod', op: '=~', value: expected.podPattern },
    ]);
  }
  return selectors;
}

const refused = (promql: string) => () => scopeTeamQuery(promql, scope);

describe('scopeTeamQuery', () => {
  it('adds the scope to a bare metric name and to existing matchers', () => {
    expect(scopeTeamQuery('up', scope)).toBe(
      'up{namespace="storefront",pod=~"shop-api-canary-[a-z0-9]+-[a-z0-9]+"}',
    );
    const scoped = scopeTeamQuery('orders_total{status="failed",}', scope);
    expect(expectScoped(scoped)[0].matchers).toContainEqual({
      label: 'status',
      op: '=',
      value: 'failed',
    });
    expectScoped(scopeTeamQuery('orders_total{}', scope));
  });

  it('scopes selectors inside functions, aggregations and binary operations', () => {
    const query =
      'histogram_quantile(0.99, sum by (le) (rate(checkout_seconds_bucket{route!="/health"}[5m]))) ' +
      '> on() group_left 2 * avg(checkout_seconds_sum / checkout_seconds_count)';
    const selectors = expectScoped(scopeTeamQuery(query, scope));
    expect(selectors.map(s => s.metric)).toEqual([
      'checkout_seconds_bucket',
      'checkout_seconds_sum',
      'checkout_seconds_count',
    ]);
  });

  it('scopes selectors in subqueries and with offset and @ modifiers', () => {
    const scoped = scopeTeamQuery(
      'max_over_time(rate(queue_depth[1m] offset 5m)[10m:30s]) - queue_depth @ end() - (queue_depth offset -1m)',
      scope,
    );
    expect(expectScoped(scoped)).toHaveLength(3);
    expect(scoped).toContain('}[1m] offset 5m)[10m:30s]');
    expect(scoped).toContain('} @ end()');
  });

  it('scopes selectors by __name__ and Prometheus 3 quoted metric names', () => {
    expectScoped(scopeTeamQuery('sum({__name__=~"orders_.+"})', scope));
    const quoted = scopeTeamQuery('{"orders.failed"}', scope);
    expectScoped(quoted);
    expect(quoted).toContain('"orders.failed"');
  });

  it('escapes quotes and backslashes in what it adds', () => {
    const tricky = { namespace: 'storefront', podPattern: 'a"} or up{x="\\d' };
    const scoped = scopeTeamQuery('up', tricky);
    // Still one selector, and its pod matcher holds the pattern unchanged.
    expect(expectScoped(scoped, tricky)).toHaveLength(1);
  });

  it('allows what reads no other series than the scoped ones', () => {
    expect(scopeTeamQuery('up or on() vector(1)', scope)).toBe(
      'up{namespace="storefront",pod=~"shop-api-canary-[a-z0-9]+-[a-z0-9]+"} or on() vector(1)',
    );
    expectScoped(
      scopeTeamQuery('absent(orders_total{status="failed"})', scope),
    );
    expectScoped(
      scopeTeamQuery('label_replace(up, "namespace", "other", "", "")', scope),
    );
  });

  it('refuses selectors that choose their own namespace or pods', () => {
    for (const query of [
      '{namespace="other"}',
      'up or on() {namespace="other"}',
      'sum(rate(orders_total{pod=~".*"}[1m]))',
      'orders_total{namespace!="storefront"}',
      'orders_total{"namespace"="other"}',
      'orders_total{"name\\x73pace"="other"}',
    ]) {
      expect(refused(query)).toThrow(InputError);
    }
    expect(refused('{namespace="other"}')).toThrow(
      'a selector sets the "namespace" label',
    );
  });

  it('refuses a query without any selector', () => {
    for (const query of ['vector(1)', 'time() - 1', '1 + 1']) {
      expect(refused(query)).toThrow('it has no selector');
    }
  });

  it('refuses syntax errors and what Prometheus might read differently', () => {
    expect(refused('sum(rate(orders_total[1m])')).toThrow('syntax error');
    expect(refused('up{x="a}')).toThrow(InputError);
    expect(refused('up{x="a\\"}')).toThrow(InputError);
    // Prometheus ends a comment at \r, the grammar does not.
    expect(refused('sum(up) # x\r or {namespace="other"}')).toThrow(
      'control character',
    );
    expect(refused('sum(up) # note')).toThrow('comments are not allowed');
    expect(refused('foo bar')).toThrow('syntax error');
  });

  it('refuses a scope that is not a namespace or a pattern', () => {
    expect(() =>
      scopeTeamQuery('up', { namespace: 'x",pod=~".*', podPattern: 'p' }),
    ).toThrow('namespace: must be a Kubernetes DNS-1123 label');
    expect(() =>
      scopeTeamQuery('up', { namespace: 'storefront', podPattern: '(' }),
    ).toThrow('must be a regular expression');
  });
});
