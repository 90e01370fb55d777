import { TeamNamespaces } from '../model/teamNamespaces';

/**
 * Kinds of workloads discovery reads.
 *
 * @public
 */
export type WorkloadKind = 'Deployment' | 'StatefulSet';

/**
 * What discovery keeps of one labelled workload.
 *
 * @public
 */
export interface Workload {
  cluster: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** `app.kubernetes.io/name`: the Component's name. */
  app: string;
  /** `app.kubernetes.io/part-of`: the System's name. */
  partOf?: string;
  /**
   * `paasport.io/team` as the workload says; not trusted for ownership
   * (see `WorkloadOwners`).
   */
  team?: string;
  /** `backstage.io/kubernetes-id`, when the workload carries it. */
  kubernetesId?: string;
  /** Annotation `paasport.io/lifecycle`: the Component's lifecycle. */
  lifecycle?: string;
  /** Annotation `paasport.io/component-type`: the Component's type. */
  componentType?: string;
}

/**
 * What discovery needs from the catalog for one run.
 *
 * @public
 */
export interface DiscoveryCatalogContext {
  /**
   * Teams (the application model's) with the namespaces they hold on each
   * cluster, verified there.
   */
  teams: Array<{
    ref: string;
    namespaces: TeamNamespaces;
  }>;
  /** Lower-case names of Components declared elsewhere (catalog files). */
  declaredComponents: Set<string>;
  /** Lower-case `backstage.io/kubernetes-id`s of those Components. */
  declaredKubernetesIds: Set<string>;
  /** Lower-case names of Systems declared elsewhere. */
  declaredSystems: Set<string>;
}
