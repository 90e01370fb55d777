import { CacheFreshness, ClusterError } from './clusterTypes';

/**
 * The kinds of workload whose releases the console shows.
 *
 * @public
 */
export type WorkloadKind = 'Deployment' | 'StatefulSet';

/**
 * Who manages a workload: a rollback by hand is undone by GitOps tools and
 * confuses Helm's own history.
 *
 * @public
 */
export interface WorkloadOwner {
  manager: 'none' | 'helm' | 'argocd' | 'flux';
  /** The release, application or kustomization name, when known. */
  name?: string;
  /** The labels or annotations that told us. */
  evidence: string[];
}

/**
 * State of a workload's rollout, as `kubectl rollout status` sees it.
 *
 * @public
 */
export type RolloutState = 'complete' | 'progressing' | 'failed' | 'paused';

/**
 * One revision of a workload: a ReplicaSet or ControllerRevision.
 *
 * @public
 */
export interface Revision {
  revision: number;
  /** The ReplicaSet or ControllerRevision name. */
  name: string;
  images: string[];
  changeCause?: string;
  createdAt: string;
  replicas: { desired: number; ready: number };
  status: 'current' | 'rolling-out' | 'failed' | 'superseded';
}

/**
 * A workload with its revision history, newest first.
 *
 * @public
 */
export interface WorkloadReleases {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** The Component the workload belongs to. */
  entityRef: string;
  /** Send back with a rollback so it fails if the workload changed since. */
  resourceVersion: string;
  paused: boolean;
  /**
   * Why a rollback would change no pod although the workload could be
   * patched (a StatefulSet with the OnDelete update strategy); the backend
   * refuses such a rollback with this reason.
   */
  rollbackWouldNotRollOut?: string;
  /**
   * Set on the Deployment a canary release runs (`<name>-canary`): the id of
   * that canary. Paasport scales and removes it; it is neither rolled back
   * nor given a canary of its own.
   */
  canaryId?: string;
  owner: WorkloadOwner;
  currentRevision?: number;
  rollout: { state: RolloutState; message?: string };
  replicas: { desired: number; ready: number; updated: number };
  /** Names of the pod template's containers, for picking one's logs. */
  containers: string[];
  /** Names of the pod template's init containers. */
  initContainers: string[];
  revisions: Revision[];
}

/**
 * Releases of one cluster.
 *
 * @public
 */
export interface ClusterReleases {
  cluster: string;
  cache: CacheFreshness;
  workloads: WorkloadReleases[];
}

/** @public */
export interface ReleasesResponse {
  entityRef: string;
  clusters: Array<ClusterReleases | ClusterError>;
  /**
   * What the tenancy model keeps from view and why (an annotation pointing
   * outside the owner team's namespaces, a namespace claimed twice, an
   * owner that is not a team); empty when everything is shown.
   */
  problems?: string[];
}

/**
 * One difference between two pod templates.
 *
 * @public
 */
export interface TemplateChange {
  /** e.g. `spec.containers[shop-web].image`; containers are keyed by name. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** Left out for environment variable values, which are never shown. */
  from?: unknown;
  /** Left out for environment variable values, which are never shown. */
  to?: unknown;
}

/** @public */
export interface ReleaseDiffResponse {
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  from: number;
  to: number;
  changes: TemplateChange[];
}

/**
 * A System's fleet view: which revision each Component runs per cluster.
 *
 * @public
 */
export interface ReleaseMatrixResponse {
  entityRef: string;
  clusters: string[];
  /**
   * How fresh each cluster's column is, by cluster name (as in
   * {@link ClusterReleases.cache}): a stale column shows what the cluster
   * said last, `staleSince` when its watch dropped.
   */
  freshness: Record<string, CacheFreshness>;
  /** As in {@link ReleasesResponse.problems}. */
  problems?: string[];
  rows: Array<{
    entityRef: string;
    cells: Array<
      | ClusterError
      | {
          cluster: string;
          workloads: Array<{
            kind: WorkloadKind;
            namespace: string;
            name: string;
            revision?: number;
            images: string[];
            rollout: RolloutState;
          }>;
        }
    >;
  }>;
}
