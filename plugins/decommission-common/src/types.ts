/**
 * The four kinds of thing a decommission removes, in the order it removes
 * them: what runs first, the catalog last (so that discovery cannot re-add an
 * entity whose workloads still run, and so that a failed run can be retried
 * from the entity's page).
 *
 * @public
 */
export type DecommissionStep =
  | 'kubernetes'
  | 'middleware'
  | 'repository'
  | 'catalog';

/**
 * What the decommission does with one item.
 *
 * - `delete`: a Kubernetes object, or a catalog entity nobody declares in a
 *   file (discovered from the clusters);
 * - `deprovision`: a middleware instance, through the marketplace;
 * - `archive`: the source repository (kept, read-only);
 * - `unregister`: a registered catalog location, with every entity in it;
 * - `none`: listed so that the report is complete, but left alone (`note`
 *   says why: not configured, not allowed, shared with something else).
 *
 * @public
 */
export type DecommissionAction =
  | 'delete'
  | 'deprovision'
  | 'archive'
  | 'unregister'
  | 'none';

/**
 * What an item points at, precise enough to act on it later.
 *
 * @public
 */
export type DecommissionTarget =
  | {
      type: 'kubernetes';
      cluster: string;
      apiVersion: string;
      kind: string;
      /** Absent for cluster-scoped kinds (a pipeline's ClusterRoleBinding). */
      namespace?: string;
      name: string;
      /** Deleted only while it is the same object the preview saw. */
      uid: string;
    }
  | {
      type: 'middleware';
      requestId: string;
      offeringId: string;
      planId: string;
      name: string;
      state: string;
    }
  | {
      type: 'repository';
      /** `backstage.io/source-location`, without the `url:` prefix. */
      url: string;
      host: string;
      owner: string;
      repo: string;
    }
  | {
      type: 'location';
      locationId: string;
      /** e.g. `url:https://git.example.com/org/repo/catalog-info.yaml`. */
      locationRef: string;
      /** The entities the location holds; all of them are in scope. */
      entityRefs: string[];
    }
  | { type: 'entity'; entityRef: string; uid: string }
  | { type: 'none' };

/**
 * One thing a decommission removes, or reports it leaves alone.
 *
 * @public
 */
export interface DecommissionItem {
  /** Stable id, equal in the preview and in the run. */
  key: string;
  step: DecommissionStep;
  action: DecommissionAction;
  /** For people, e.g. `Deployment storefront/shop-web`. */
  title: string;
  /** The Component or System this item belongs to, when known. */
  entityRef?: string;
  /** Why the item is left alone, or a detail worth knowing. */
  note?: string;
  target: DecommissionTarget;
}

/**
 * Everything a decommission of one entity would do, as the preview shows it.
 *
 * @public
 */
export interface DecommissionPlan {
  entityRef: string;
  kind: 'Component' | 'System';
  /** What the user must type to confirm: the entity's name. */
  confirmationText: string;
  /** The entity and, for a System, its parts (Components, APIs, Resources). */
  entityRefs: string[];
  items: DecommissionItem[];
  /**
   * Reasons the decommission cannot run now, e.g. an unreachable cluster or
   * an entity declared in a file the portal cannot unregister. Empty when it
   * can run.
   */
  blockers: string[];
  /** Hash of the items; the run is refused if it changed since the preview. */
  fingerprint: string;
  generatedAt: string;
}

/**
 * Progress of one item in a run.
 *
 * @public
 */
export type DecommissionItemStatus = 'pending' | 'done' | 'failed' | 'skipped';

/**
 * An item of a run with its outcome.
 *
 * @public
 */
export interface DecommissionRunItem extends DecommissionItem {
  status: DecommissionItemStatus;
  /** e.g. `deleted`, `already gone`, `deprovisioning`, `archived`. */
  outcome?: string;
  error?: string;
  updatedAt?: string;
}

/**
 * State of a run. `interrupted`: it stopped making progress (the backend
 * restarted mid-way); like `failed`, it can be retried.
 *
 * @public
 */
export type DecommissionRunStatus =
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'interrupted';

/**
 * Something that happened to a run: a start, a retry, a worker taking it
 * (or taking it over from one that stopped), its end.
 *
 * @public
 */
export interface DecommissionRunEvent {
  at: string;
  /** A user entity ref, or `worker:<id>` for a backend replica's worker. */
  actor: string;
  message: string;
}

/**
 * One decommission and its report.
 *
 * @public
 */
export interface DecommissionRun {
  id: string;
  entityRef: string;
  kind: 'Component' | 'System';
  /** Entity ref of the user who started it (or the last retry). */
  actor: string;
  status: DecommissionRunStatus;
  /** How many times it ran: 1, plus one per retry. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  items: DecommissionRunItem[];
  summary: Record<DecommissionItemStatus, number>;
  /** What happened to the run, oldest first. */
  history?: DecommissionRunEvent[];
}

/**
 * Answer of starting or retrying a decommission.
 *
 * @public
 */
export interface DecommissionStartResponse {
  run: DecommissionRun;
  /** False when an identical request found the run already going. */
  created: boolean;
}
