import {
  ClusterReleases,
  isClusterError,
  ReleasesResponse,
  SignalsResponse,
  WorkloadReleases,
  WorkloadSignals,
} from '@paasport/plugin-console-common';

/**
 * How a workload is doing, in the words an application page uses.
 *
 * @internal
 */
export type HealthState =
  | 'healthy'
  | 'degraded'
  | 'rolling out'
  | 'failed'
  | 'paused'
  | 'scaled to zero';

/** @internal */
export interface WorkloadHealth {
  kind: string;
  namespace: string;
  name: string;
  ready: number;
  desired: number;
  state: HealthState;
  /** The revision that is current, if the console knows it. */
  revision?: number;
  /** Image tags of the current revision, e.g. `1.2.0`. */
  versions: string[];
  /**
   * There is an earlier kept revision to compare the current one with
   * (see the console's revision comparison).
   */
  comparable: boolean;
  /** Error rate and latency now, when the cluster's Prometheus said. */
  signals?: Pick<WorkloadSignals, 'requestRate' | 'errorRate' | 'latencyP95'>;
}

/** One service on one cluster: its workloads, or why nothing is known. */
export type HealthCell =
  | { cluster: string; workloads: WorkloadHealth[] }
  | { cluster: string; error: string };

/** @internal */
export interface ServiceHealthRow {
  entityRef: string;
  cells: HealthCell[];
}

/**
 * The state of one workload: a failed or paused rollout first, then one
 * still in progress, then whether enough pods are ready.
 *
 * @internal
 */
export function workloadHealth(workload: WorkloadReleases): WorkloadHealth {
  const { desired, ready } = workload.replicas;
  let state: HealthState;
  if (workload.rollout.state === 'failed') state = 'failed';
  else if (workload.paused || workload.rollout.state === 'paused')
    state = 'paused';
  else if (workload.rollout.state === 'progressing') state = 'rolling out';
  else if (desired === 0) state = 'scaled to zero';
  else if (ready < desired) state = 'degraded';
  else state = 'healthy';
  const current =
    workload.revisions.find(r => r.revision === workload.currentRevision) ??
    workload.revisions.find(r => r.status === 'current');
  return {
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
    ready,
    desired,
    state,
    revision: current?.revision ?? workload.currentRevision,
    versions: (current?.images ?? []).map(imageTag),
    comparable:
      current !== undefined &&
      workload.revisions.some(r => r.revision < current.revision),
  };
}

/** `registry/app:1.2.0` → `1.2.0`; digests and untagged images as they are. */
export function imageTag(image: string): string {
  const name = image.split('@')[0];
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : image;
}

/**
 * One row per service of the application, one cell per cluster, in the
 * order of `services` and of the console's clusters. Services the console
 * found nothing for get empty cells: not deployed there.
 *
 * @internal
 */
export function serviceHealthRows(
  services: string[],
  releases: ReleasesResponse,
  signals?: SignalsResponse,
): { clusters: string[]; rows: ServiceHealthRow[] } {
  const signalsOf = signalsLookup(signals);
  const clusters = releases.clusters.map(c => c.cluster);
  const byService = new Map<string, ServiceHealthRow>(
    services.map(ref => [ref, { entityRef: ref, cells: [] }]),
  );
  for (const entry of releases.clusters) {
    for (const ref of new Set([
      ...services,
      ...(isClusterError(entry) ? [] : entry.workloads.map(w => w.entityRef)),
    ])) {
      let row = byService.get(ref);
      if (!row) {
        row = { entityRef: ref, cells: [] };
        byService.set(ref, row);
      }
      row.cells.push(
        isClusterError(entry)
          ? { cluster: entry.cluster, error: entry.error.message }
          : {
              cluster: entry.cluster,
              workloads: (entry as ClusterReleases).workloads
                .filter(w => w.entityRef === ref)
                .map(w => {
                  const health = workloadHealth(w);
                  const found = signalsOf(entry.cluster, w);
                  return found ? { ...health, signals: found } : health;
                }),
            },
      );
    }
  }
  return { clusters, rows: [...byService.values()] };
}

/** Finds a workload's signals by cluster, kind, namespace and name. */
function signalsLookup(signals?: SignalsResponse) {
  const byKey = new Map<string, WorkloadSignals>();
  for (const entry of signals?.clusters ?? []) {
    if (isClusterError(entry)) continue;
    for (const w of entry.workloads) {
      byKey.set(`${entry.cluster}/${w.kind}/${w.namespace}/${w.name}`, w);
    }
  }
  return (cluster: string, w: WorkloadReleases) => {
    const found = byKey.get(`${cluster}/${w.kind}/${w.namespace}/${w.name}`);
    if (!found) return undefined;
    const { requestRate, errorRate, latencyP95 } = found;
    return { requestRate, errorRate, latencyP95 };
  };
}

/**
 * At or above this error rate a service needs attention: one request in
 * twenty failing is an incident by most teams' standards.
 *
 * @internal
 */
export const ERROR_RATE_ATTENTION = 0.05;
