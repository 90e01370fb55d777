/**
 * A kind of object a decommission removes.
 *
 * @internal
 */
export interface ResourceKind {
  kind: string;
  apiVersion: string;
  /** Pipelines and middleware CRDs exist only where their operator runs. */
  optional?: boolean;
  /** Listed once per cluster rather than in each namespace. */
  clusterScoped?: boolean;
  /**
   * An RBAC binding: people cannot change RBAC in a team namespace, so only
   * the grants Paasport itself made for a pipeline's account are removed,
   * by the platform's identity (see `pipelineGrants.ts`).
   */
  grant?: boolean;
}

/**
 * Everything a service leaves in its namespaces, in the order it is removed:
 * autoscalers before the workloads they would scale back up, workloads
 * before what they use, triggers before the pipelines they start.
 *
 * @remarks
 * ReplicaSets, Pods and ControllerRevisions are not listed: the garbage
 * collector removes them with their workload (Jobs' pods too: deletes use
 * background propagation, where a Job's default would orphan them).
 * CronJobs go before Jobs, so that none starts a new Job meanwhile.
 *
 * @internal
 */
export const RESOURCE_KINDS: ResourceKind[] = [
  {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
  },
  { kind: 'Deployment', apiVersion: 'apps/v1' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  { kind: 'CronJob', apiVersion: 'batch/v1' },
  { kind: 'Job', apiVersion: 'batch/v1' },
  {
    kind: 'EventListener',
    apiVersion: 'triggers.tekton.dev/v1beta1',
    optional: true,
  },
  {
    kind: 'TriggerBinding',
    apiVersion: 'triggers.tekton.dev/v1beta1',
    optional: true,
  },
  {
    kind: 'TriggerTemplate',
    apiVersion: 'triggers.tekton.dev/v1beta1',
    optional: true,
  },
  {
    kind: 'PipelineRun',
    apiVersion: 'tekton.dev/v1',
    optional: true,
  },
  {
    kind: 'Pipeline',
    apiVersion: 'tekton.dev/v1',
    optional: true,
  },
  // A pipeline's identity and the grants Paasport made it (Tekton Triggers'
  // roles, the team role for its deploy task); the bindings go before the
  // account so a recreated account never inherits them.
  {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    clusterScoped: true,
    grant: true,
  },
  {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    grant: true,
  },
  { kind: 'ServiceAccount', apiVersion: 'v1' },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1' },
  { kind: 'Service', apiVersion: 'v1' },
  { kind: 'ConfigMap', apiVersion: 'v1' },
  { kind: 'Secret', apiVersion: 'v1' },
];

/** Position of a kind in {@link RESOURCE_KINDS}; unknown kinds go last. */
export function kindOrder(kind: string): number {
  const index = RESOURCE_KINDS.findIndex(k => k.kind === kind);
  return index < 0 ? RESOURCE_KINDS.length : index;
}
