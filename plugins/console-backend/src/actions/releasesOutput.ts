import {
  isClusterError,
  ReleasesResponse,
  RolloutState,
  WorkloadKind,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import { SchemaZod } from './actionInput';

/**
 * One workload as the `get-releases` action gives it: the head of what the
 * Releases tab shows, without the revision history.
 *
 * @internal
 */
export interface WorkloadOverview {
  /** The Component the workload belongs to. */
  component: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  currentRevision?: number;
  /** Images of the current revision; empty when none is known. */
  images: string[];
  rollout: RolloutState;
  rolloutMessage?: string;
  replicas: { ready: number; desired: number };
  canaryId?: string;
}

/**
 * One cluster of the `get-releases` output: its workloads and how fresh the
 * cache they were read from is, or why the cluster could not answer.
 *
 * @internal
 */
export type ClusterOverview =
  | {
      cluster: string;
      synced: boolean;
      stale: boolean;
      staleSince?: string;
      workloads: WorkloadOverview[];
    }
  | { cluster: string; error: string };

/**
 * The output of the `get-releases` action.
 *
 * @internal
 */
export interface ReleasesOverview {
  entityRef: string;
  clusters: ClusterOverview[];
  problems: string[];
}

function workloadOverview(workload: WorkloadReleases): WorkloadOverview {
  const current = workload.revisions.find(
    r => r.revision === workload.currentRevision,
  );
  return {
    component: workload.entityRef,
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
    ...(workload.currentRevision && {
      currentRevision: workload.currentRevision,
    }),
    images: current?.images ?? [],
    rollout: workload.rollout.state,
    ...(workload.rollout.message && {
      rolloutMessage: workload.rollout.message,
    }),
    replicas: {
      ready: workload.replicas.ready,
      desired: workload.replicas.desired,
    },
    ...(workload.canaryId && { canaryId: workload.canaryId }),
  };
}

/**
 * The releases response cut down to what an assistant needs to answer "what
 * runs where": field by field, so nothing the response gains later (and no
 * resource version or revision history) leaks into the action's output.
 *
 * @internal
 */
export function releasesOverview(response: ReleasesResponse): ReleasesOverview {
  return {
    entityRef: response.entityRef,
    clusters: response.clusters.map(entry =>
      isClusterError(entry)
        ? { cluster: entry.cluster, error: entry.error.message }
        : {
            cluster: entry.cluster,
            synced: entry.cache.synced,
            stale: entry.cache.stale,
            ...(entry.cache.staleSince && {
              staleSince: entry.cache.staleSince,
            }),
            workloads: entry.workloads.map(workloadOverview),
          },
    ),
    problems: response.problems ?? [],
  };
}

/**
 * The zod schema of {@link ReleasesOverview}, for the actions registry.
 *
 * @internal
 */
export function releasesOutputSchema(z: SchemaZod) {
  const workload = z.object({
    component: z.string().describe('The Component the workload belongs to'),
    kind: z.enum(['Deployment', 'StatefulSet']),
    namespace: z.string(),
    name: z.string(),
    currentRevision: z
      .number()
      .int()
      .optional()
      .describe('The revision the workload runs or rolls out to'),
    images: z
      .array(z.string())
      .describe('Images of the current revision; empty when none is known'),
    rollout: z.enum(['complete', 'progressing', 'failed', 'paused']),
    rolloutMessage: z.string().optional(),
    replicas: z.object({ ready: z.number(), desired: z.number() }),
    canaryId: z
      .string()
      .optional()
      .describe(
        'Set on the Deployment a canary release runs: read it with get-canary',
      ),
  });
  const cluster = z.object({
    cluster: z.string(),
    synced: z
      .boolean()
      .describe('False while the first read of the cluster is still going on'),
    stale: z
      .boolean()
      .describe('True when the watch dropped: the data may be out of date'),
    staleSince: z.string().optional(),
    workloads: z.array(workload),
  });
  const failed = z.object({
    cluster: z.string(),
    error: z.string().describe('Why the cluster could not answer'),
  });
  return z.object({
    entityRef: z.string(),
    clusters: z.array(z.union([cluster, failed])),
    problems: z
      .array(z.string())
      .describe(
        'What the tenancy model keeps from view and why; empty when everything is shown',
      ),
  });
}
