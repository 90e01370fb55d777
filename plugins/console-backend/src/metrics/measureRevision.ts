import {
  COMPARISON_MIN_REQUESTS,
  RevisionMeasurement,
  WorkloadKind,
} from '@paasport/plugin-console-common';
import { instantQuery } from './instantQuery';
import { revisionQueries } from './queries';
import { measurementWindow, RevisionSpan } from './revisionTimeline';

/**
 * What one revision's pods served in its measurement window, from the
 * cluster's Prometheus: three instant queries at the window's end, each an
 * `increase` (or the histogram's `increase`) over the whole window.
 *
 * @remarks
 * A Deployment revision counts only its own ReplicaSet's pods (by the hash
 * in their names), so the old and new pods of a rollout are told apart; a
 * StatefulSet's pods keep their names from revision to revision, so its
 * revisions are told apart by time alone. Fewer than
 * {@link COMPARISON_MIN_REQUESTS} requests give no error rate and no p95:
 * `null`, never a number from nothing.
 *
 * @internal
 */
export async function measureRevision(
  prometheusUrl: string,
  workload: { kind: WorkloadKind; namespace: string; name: string },
  span: RevisionSpan,
  now: number,
): Promise<RevisionMeasurement> {
  const window = measurementWindow(span, now);
  const seconds = window.end - window.start;
  const measured = {
    revision: span.revision,
    current: {
      since: span.since,
      ...(span.until !== undefined && { until: span.until }),
    },
    window,
  };
  // Prometheus needs two samples in a range; a window shorter than a few
  // scrapes has nothing to say yet.
  if (seconds < 30) {
    return { ...measured, requests: 0, errorRate: null, latencyP95: null };
  }
  const queries = revisionQueries({
    ...workload,
    podTemplateHash: span.podTemplateHash,
    seconds,
  });
  const [requests, errors, latencyP95] = await Promise.all(
    [queries.requests, queries.errors, queries.latencyP95].map(q =>
      instantQuery(prometheusUrl, q, window.end),
    ),
  );
  const served = Math.round(requests ?? 0);
  if (served < COMPARISON_MIN_REQUESTS) {
    return { ...measured, requests: served, errorRate: null, latencyP95: null };
  }
  return {
    ...measured,
    requests: served,
    // Pods that never answered 5xx have no 5xx series at all: no errors.
    errorRate: Math.min(1, (errors ?? 0) / (requests ?? 1)),
    latencyP95,
  };
}
