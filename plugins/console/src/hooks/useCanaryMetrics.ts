import { useApi } from '@backstage/core-plugin-api';
import {
  CanarySummary,
  MetricsResponse,
} from '@paasport/plugin-console-common';
import { usePolled } from '@paasport/plugin-paasport-react';
import { consoleApiRef } from '../api';

/**
 * How often the charts of a running canary refresh: each refresh runs the
 * chart queries on Prometheus for both tracks, and a minute's new points
 * barely move a curve.
 *
 * @internal
 */
export const CANARY_METRICS_REFRESH_MS = 30_000;

// The metrics endpoint takes a duration in minutes at most 7 days back.
const MIN_RANGE_MINUTES = 5;
const MAX_RANGE_MINUTES = 7 * 24 * 60;

/** One track's metrics, or why there are none. @internal */
export type TrackMetrics =
  | { state: 'loaded'; response: MetricsResponse }
  | { state: 'failed'; error: Error };

/**
 * The duration string covering a canary's lifetime up to now, with a
 * minute before its start so the stable track's level before it shows.
 *
 * @internal
 */
export function canaryRange(createdAt: string, now = Date.now()): string {
  const minutes = Math.ceil((now - Date.parse(createdAt)) / 60_000) + 1;
  return `${Math.min(
    MAX_RANGE_MINUTES,
    Math.max(MIN_RANGE_MINUTES, minutes),
  )}m`;
}

/**
 * The stable and the canary Deployment's charted metrics over the canary's
 * lifetime, through the Metrics tab's endpoint (one call per Deployment).
 * One track failing (the canary Deployment not created yet) keeps the
 * other's.
 *
 * @internal
 */
export function useCanaryMetrics(
  canary: CanarySummary,
  refreshMs: number | null = CANARY_METRICS_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  const { id, entityRef, cluster, namespace, name, canaryName, createdAt } =
    canary;
  return usePolled(
    id,
    async () => {
      const range = canaryRange(createdAt);
      const load = async (workload: string): Promise<TrackMetrics> => {
        try {
          const response = await api.getMetrics(entityRef, {
            cluster,
            namespace,
            kind: 'Deployment',
            workload,
            range,
          });
          return { state: 'loaded', response };
        } catch (error) {
          return { state: 'failed', error: error as Error };
        }
      };
      const [stable, canaryTrack] = await Promise.all([
        load(name),
        load(canaryName),
      ]);
      if (stable.state === 'failed' && canaryTrack.state === 'failed') {
        throw stable.error;
      }
      return { stable, canary: canaryTrack };
    },
    // The other fields are fixed for a canary id.
    [api, id],
    refreshMs,
  );
}
