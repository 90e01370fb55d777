/**
 * A kind of object a decommission removes.
 *
 * @internal
 */
export interface ResourceKind {
  kind: string;
  apiVersion: string;
  /** The resource name in API paths. */
  plural: string;
  /** Pipelines and middleware CRDs exist only where their operator runs. */
  optional?: boolean;
  /** Listed once per cluster rather than in each namespace. */
  clusterScoped?: boolean;
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
    plural: 'horizontalpodautoscalers',
  },
  { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', plural: 'statefulsets' },
  { kind: 'CronJob', apiVersion: 'batch/v1', plural: 'cronjobs' },
  { kind: 'Job', apiVersion: 'batch/v1', plural: 'jobs' },
  {
    kind: 'EventListener',
    apiVersion: 'triggers.tekton.dev/v1beta1',
    plural: 'eventlisteners',
    optional: true,
  },
  {
    kind: 'TriggerBinding',
    apiVersion: 'triggers.tekton.dev/v1beta1',
    plural: 'triggerbindings',
    optional: true,
  },
  {
    kind: 'TriggerTemplate',
    apiVersion: 'triggers.tekton.dev/v1beta1',
    plural: 'triggertemplates',
    optional: true,
  },
  {
    kind: 'PipelineRun',
    apiVersion: 'tekton.dev/v1',
    plural: 'pipelineruns',
    optional: true,
  },
  {
    kind: 'Pipeline',
    apiVersion: 'tekton.dev/v1',
    plural: 'pipelines',
    optional: true,
  },
  // A pipeline's identity and Tekton Triggers' grants to it; the bindings go
  // before the account so a recreated account never inherits them.
  {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    plural: 'clusterrolebindings',
    clusterScoped: true,
  },
  {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    plural: 'rolebindings',
  },
  { kind: 'ServiceAccount', apiVersion: 'v1', plural: 'serviceaccounts' },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses' },
  { kind: 'Service', apiVersion: 'v1', plural: 'services' },
  { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps' },
  { kind: 'Secret', apiVersion: 'v1', plural: 'secrets' },
];

/** The workload kinds, whose namespaces tell where a service runs. */
export const WORKLOAD_KINDS = RESOURCE_KINDS.filter(
  k => k.kind === 'Deployment' || k.kind === 'StatefulSet',
);

/**
 * The API path of a kind's collection in a namespace (or across all
 * namespaces), or of one object when `name` is given.
 *
 * @internal
 */
export function resourcePath(
  kind: Pick<ResourceKind, 'apiVersion' | 'plural'>,
  namespace?: string,
  name?: string,
): string {
  const group =
    kind.apiVersion === 'v1' ? '/api/v1' : `/apis/${kind.apiVersion}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const one = name ? `/${encodeURIComponent(name)}` : '';
  return `${group}${ns}/${kind.plural}${one}`;
}

/** Position of a kind in {@link RESOURCE_KINDS}; unknown kinds go last. */
export function kindOrder(kind: string): number {
  const index = RESOURCE_KINDS.findIndex(k => k.kind === kind);
  return index < 0 ? RESOURCE_KINDS.length : index;
}
