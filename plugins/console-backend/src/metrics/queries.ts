import { MetricName, WorkloadKind } from '@paasport/plugin-console-common';

// How the charts stay the same across ranges
// ------------------------------------------
// A rate whose window follows the step (two steps, as dashboards often do)
// reads differently for the same moment at 1 h (a 1-minute rate) and at
// 7 d (a 3-hour rate), and an `increase` over such a window grows with the
// range. So every charted quantity here has a fixed meaning, whatever the
// range:
//
// - rates (CPU, requests, errors, latency) always look back
//   RATE_WINDOW_SECONDS;
// - restarts are "restarts in the hour before this point" (a count, so
//   integer: each container's increase is rounded before summing);
// - gauges (memory, pods) are what they were at that moment.
//
// and points sit on multiples of the step (`alignedRange`), with steps that
// divide each other, so a point of the 7-day chart is also a point of the
// 24-hour chart and reads the same there. The price: a long range samples
// the 5-minute rate every step instead of averaging over the step, so a
// short spike between two points of the 7-day chart only shows at a shorter
// range.

/**
 * Seconds every charted rate looks back, at every range.
 *
 * @internal
 */
export const RATE_WINDOW_SECONDS = 300;

/**
 * Restarts are counted over this many seconds before each point.
 *
 * @internal
 */
export const RESTARTS_WINDOW_SECONDS = 3600;

/**
 * The pod names a workload's pods get, as a PromQL regex: Deployments add
 * the ReplicaSet hash and a random suffix, StatefulSets an ordinal. Names
 * rather than the current pod list, so pods of earlier revisions count too;
 * with `podTemplateHash`, only the pods of that ReplicaSet of a Deployment.
 *
 * @internal
 */
export function podNamePattern(
  kind: WorkloadKind,
  name: string,
  podTemplateHash?: string,
): string {
  const escaped = name.replace(/[.]/g, '\\\\.');
  if (kind === 'StatefulSet') return `${escaped}-[0-9]+`;
  // A label a team member could edit on a ReplicaSet: nothing but what the
  // controller writes may reach the query.
  if (podTemplateHash !== undefined && !/^[a-z0-9]+$/.test(podTemplateHash)) {
    throw new Error(
      `Not a pod-template-hash: ${JSON.stringify(podTemplateHash)}`,
    );
  }
  return `${escaped}-${podTemplateHash ?? '[a-z0-9]+'}-[a-z0-9]+`;
}

function podSelector(
  options: { kind: WorkloadKind; namespace: string; name: string },
  podTemplateHash?: string,
) {
  const { kind, namespace, name } = options;
  return `namespace="${namespace}",pod=~"${podNamePattern(
    kind,
    name,
    podTemplateHash,
  )}"`;
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
  /** Seconds that each rate looks back (the charts: RATE_WINDOW_SECONDS). */
  window: number;
}): Record<MetricName, string> {
  const pods = podSelector(options);
  // cAdvisor also reports whole-pod series with an empty container label.
  const containers = `${pods},container!="",container!="POD"`;
  const w = `[${options.window}s]`;
  const requests = `sum(rate(http_requests_total{${pods}}${w}))`;
  return {
    cpu: `sum(rate(container_cpu_usage_seconds_total{${containers}}${w}))`,
    memory: `sum(container_memory_working_set_bytes{${containers}})`,
    restarts: `sum(round(increase(kube_pod_container_status_restarts_total{${pods}}[${RESTARTS_WINDOW_SECONDS}s])))`,
    pods: `count(count by (pod) (kube_pod_container_info{${pods}}))`,
    requestRate: requests,
    errorRate: `sum(rate(http_requests_total{${pods},code=~"5.."}${w})) / ${requests}`,
    latencyP95: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${pods}}${w})))`,
  };
}

/** What a revision comparison asks Prometheus, per revision. */
export interface RevisionQueries {
  requests: string;
  errors: string;
  latencyP95: string;
}

/**
 * PromQL for what one revision's pods served over the `seconds` before the
 * moment the query is evaluated at (the end of the revision's window):
 * requests and 5xx answers as counts, and the p95 of all its requests in
 * that time, from the histogram's increase rather than a rate so the whole
 * window counts at once.
 *
 * @internal
 */
export function revisionQueries(options: {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** A Deployment revision's ReplicaSet `pod-template-hash`. */
  podTemplateHash?: string;
  seconds: number;
}): RevisionQueries {
  const pods = podSelector(options, options.podTemplateHash);
  const w = `[${Math.round(options.seconds)}s]`;
  return {
    requests: `sum(increase(http_requests_total{${pods}}${w}))`,
    errors: `sum(increase(http_requests_total{${pods},code=~"5.."}${w}))`,
    latencyP95: `histogram_quantile(0.95, sum by (le) (increase(http_request_duration_seconds_bucket{${pods}}${w})))`,
  };
}

/**
 * Seconds between points for a range: about 120 points, never below the
 * scrape interval, and from a range of 15 minutes up to 7 days each step is
 * a multiple of the shorter ranges' steps (15 s, 30 s, 3 min, 12 min,
 * 84 min), which is what lets aligned points coincide.
 *
 * @internal
 */
export function stepFor(rangeSeconds: number, requested?: number): number {
  const step = requested ?? Math.max(15, Math.ceil(rangeSeconds / 120));
  // Prometheus refuses more than 11,000 points per series.
  return Math.max(step, Math.ceil(rangeSeconds / 11000));
}

/**
 * The first and last point of a range query: multiples of the step within
 * `[now - range, now]`, so the same moment is a point at every range whose
 * step divides it, however "now" falls.
 *
 * @internal
 */
export function alignedRange(now: number, rangeSeconds: number, step: number) {
  return {
    start: Math.ceil((now - rangeSeconds) / step) * step,
    end: Math.floor(now / step) * step,
  };
}

/**
 * Everything a chart of `rangeSeconds` up to `now` asks Prometheus: the
 * same PromQL at every range (fixed windows), and aligned points.
 *
 * @internal
 */
export function chartQueries(
  workload: { kind: WorkloadKind; namespace: string; name: string },
  rangeSeconds: number,
  now: number,
  requestedStep?: number,
) {
  const step = stepFor(rangeSeconds, requestedStep);
  return {
    queries: workloadQueries({ ...workload, window: RATE_WINDOW_SECONDS }),
    points: { ...alignedRange(now, rangeSeconds, step), step },
  };
}
