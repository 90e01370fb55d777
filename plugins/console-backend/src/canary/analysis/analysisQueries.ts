import {
  kubernetesLabelNameSchema,
  kubernetesObjectNameSchema,
} from '@paasport/plugin-console-common';
import { z } from 'zod';
import { parseInput } from '../../router/validation';
import {
  podNamePattern,
  revisionQueries,
  workloadQueries,
} from '../../metrics/queries';
import { scopeTeamQuery } from './scopeTeamQuery';

export { scopeTeamQuery } from './scopeTeamQuery';
export type { QueryScope } from './scopeTeamQuery';

/**
 * The two sets of pods a canary compares: the stable Deployment's and the
 * `<name>-canary` Deployment's, behind the same Service.
 *
 * @internal
 */
export type Track = 'canary' | 'stable';

/** One PromQL expression per track. @internal */
export interface TrackQueries {
  canary: string;
  stable: string;
}

/**
 * The Deployment that runs a track: the stable one is the workload itself.
 *
 * @internal
 */
export function trackDeploymentName(name: string, track: Track): string {
  return track === 'canary' ? `${name}-canary` : name;
}

const workloadSchema = z.object({
  namespace: kubernetesLabelNameSchema,
  name: kubernetesObjectNameSchema,
});

/**
 * The names of a track's pods as a regular expression (unescaped, for
 * `scopeTeamQuery`). The stable pattern does not match the canary's pods:
 * `shop-canary-<hash>-<suffix>` has one part more than `shop-<hash>-<suffix>`.
 *
 * @internal
 */
export function trackPodPattern(name: string, track: Track): string {
  parseInput(kubernetesObjectNameSchema, name, 'Deployment name');
  // podNamePattern writes the pattern as it stands inside a PromQL string
  // (a dot as `\\.`); its only escape is `\\`, which JSON reads the same.
  return JSON.parse(
    `"${podNamePattern('Deployment', trackDeploymentName(name, track))}"`,
  );
}

const builtInSchema = workloadSchema.extend({
  intervalSeconds: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
});

/** What the analysis asks Prometheus of every canary. @internal */
export interface BuiltInAnalysisQueries {
  /** 5xx share of requests, in % (range query, one sample per interval). */
  errorRate: TrackQueries;
  /** p95 request duration, in seconds (range query, one per interval). */
  latencyP95: TrackQueries;
  /** Requests over the whole window (instant query at its end). */
  requests: TrackQueries;
}

/**
 * The built-in analysis of a Deployment `name` in `namespace`: error rate,
 * p95 latency and request count per track, with the metric names and
 * selectors of the console's charts.
 *
 * Each error rate and latency sample looks back `intervalSeconds`, the step
 * of the range query: samples of neighbouring steps then cover disjoint
 * requests, which the rank test's independence asks for (the charts' fixed
 * 5-minute window would make 10 neighbouring 30-second samples mostly the
 * same requests). The interval should be several scrape intervals long.
 *
 * @internal
 */
export function builtInAnalysisQueries(options: {
  namespace: string;
  name: string;
  intervalSeconds: number;
  windowSeconds: number;
}): BuiltInAnalysisQueries {
  const { namespace, name, intervalSeconds, windowSeconds } = parseInput(
    builtInSchema,
    options,
    'analysis workload',
  );
  const perTrack = (track: Track) => {
    const workload = {
      kind: 'Deployment' as const,
      namespace,
      name: trackDeploymentName(name, track),
    };
    const charted = workloadQueries({ ...workload, window: intervalSeconds });
    return {
      // A pod without a single 5xx yet has no 5xx series at all, and the
      // ratio of an empty vector is empty: read "served requests, no
      // errors" as 0 %, and an interval without requests as no sample.
      errorRate: `100 * (${charted.errorRate} or (${charted.requestRate} > 0) * 0)`,
      latencyP95: charted.latencyP95,
      requests: revisionQueries({ ...workload, seconds: windowSeconds })
        .requests,
    };
  };
  const canary = perTrack('canary');
  const stable = perTrack('stable');
  return {
    errorRate: { canary: canary.errorRate, stable: stable.errorRate },
    latencyP95: { canary: canary.latencyP95, stable: stable.latencyP95 },
    requests: { canary: canary.requests, stable: stable.requests },
  };
}

/**
 * A team's PromQL for each track of the Deployment `name`: the same
 * expression, confined to that track's pods by `scopeTeamQuery` (which
 * throws an `InputError` for a query it refuses).
 *
 * @internal
 */
export function teamQueryPerTrack(
  promql: string,
  workload: { namespace: string; name: string },
): TrackQueries {
  const { namespace, name } = parseInput(workloadSchema, workload, 'workload');
  const scoped = (track: Track) =>
    scopeTeamQuery(promql, {
      namespace,
      podPattern: trackPodPattern(name, track),
    });
  return { canary: scoped('canary'), stable: scoped('stable') };
}
