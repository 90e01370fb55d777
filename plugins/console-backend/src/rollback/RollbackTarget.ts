import { WorkloadKind } from '@paasport/plugin-console-common';
import { Deployment, PodTemplate, StatefulSet } from '../cache/types';

/**
 * A workload as a rollback sees it, read straight from the API server, and
 * how to roll it back. One per kind, so the checks around it are shared.
 *
 * @internal
 */
export interface RollbackTarget {
  kind: WorkloadKind;
  object: Deployment | StatefulSet;
  /** The revision running (or rolling out) now. */
  currentRevision?: number;
  /** The pod template of every kept revision. */
  templates: Map<number, PodTemplate | undefined>;
  /** Why a rollback would not roll out; it is then refused. */
  notRollingOut?: string;
  /**
   * Restores the pod template of `toRevision`, failing with a conflict if
   * the workload's resourceVersion is no longer `resourceVersion`; returns
   * the workload's new `metadata.generation`.
   */
  apply(options: {
    toRevision: number;
    resourceVersion: string;
    changeCause: string;
  }): Promise<number>;
}
