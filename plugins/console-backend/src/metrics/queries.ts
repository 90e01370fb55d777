import { MetricName, WorkloadKind } from '@paasport/plugin-console-common';

/**
 * The pod names a workload's pods get, as a PromQL regex: Deployments add
 * the ReplicaSet hash and a random suffix, StatefulSets an ordinal. Names
 * rather than the current pod list, so pods of earlier revisions count too.
 *
 * @internal
 */
export function podNamePattern(kind: WorkloadKind, name: string): string {
  const escaped = name.replace(/[.]/g, '\\\\.');
  return kind === 'Deployment'
    ? `${escaped}-[a-z0-9]+-[a-z0-9]+`
    : `${escaped}-[0-9]+`;
}

/**
 * PromQL for each charted metric of a workload. Metric names are the
 * cAdvisor / kube-state-metrics / client_golang conventions that the
 * devcluster exporter also follows.
 *
 * @internal
 */
export function workloadQueries(options: {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Seconds that each rate looks back. */
  window: number;
}): Record<MetricName, string> {
  const { kind, namespace, name, window } = options;
  const pods = `namespace="${namespace}",pod=~"${podNamePattern(kind, name)}"`;
  // cAdvisor also reports whole-pod series with an empty container label.
  const containers = `${pods},container!="",container!="POD"`;
  const w = `[${window}s]`;
  const requests = `sum(rate(http_requests_total{${pods}}${w}))`;
  return {
    cpu: `sum(rate(container_cpu_usage_seconds_total{${containers}}${w}))`,
    memory: `sum(container_memory_working_set_bytes{${containers}})`,
    restarts: `sum(increase(kube_pod_container_status_restarts_total{${pods}}${w}))`,
    requestRate: requests,
    errorRate: `sum(rate(http_requests_total{${pods},code=~"5.."}${w})) / ${requests}`,
    latencyP95: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${pods}}${w})))`,
  };
}

/**
 * Step and rate window for a range: about 120 points, never finer than the
 * scrape interval allows for a rate.
 *
 * @internal
 */
export function stepFor(rangeSeconds: number, requested?: number) {
  const step = requested ?? Math.max(15, Math.ceil(rangeSeconds / 120));
  // Prometheus refuses more than 11,000 points per series.
  const bounded = Math.max(step, Math.ceil(rangeSeconds / 11000));
  return { step: bounded, window: Math.max(2 * bounded, 30) };
}
