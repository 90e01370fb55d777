import { InputError } from '@backstage/errors';
import { ManifestObject } from '../../kubernetes/manifests';

/**
 * The ClusterRoles a Tekton Triggers install ships for EventListeners: one to
 * bind in the listener's namespace (read triggers, create PipelineRuns,
 * impersonate), one to bind cluster-wide (read ClusterTriggerBindings and
 * interceptors).
 *
 * @public
 */
export interface EventListenerRoles {
  namespaced: string;
  cluster: string;
}

/**
 * The ServiceAccount an EventListener runs as. Tekton falls back to the
 * namespace's `default` account, which would hand Triggers' roles to every
 * pod of the team; so the listener must name an account the same pipeline
 * definitions create.
 */
export function eventListenerServiceAccount(
  listener: ManifestObject,
  manifests: ManifestObject[],
  file: string,
): string {
  const spec = listener.spec as { serviceAccountName?: unknown } | undefined;
  const name = spec?.serviceAccountName;
  const listenerName = listener.metadata?.name;
  if (typeof name !== 'string' || !name) {
    throw new InputError(
      `${file}: EventListener ${listenerName} needs spec.serviceAccountName (an account defined with the pipeline, not the namespace's default)`,
    );
  }
  const defined = manifests.some(
    m =>
      m.apiVersion === 'v1' &&
      m.kind === 'ServiceAccount' &&
      m.metadata?.name === name,
  );
  if (!defined) {
    throw new InputError(
      `${file}: EventListener ${listenerName} runs as ServiceAccount ${name}, which the pipeline definitions do not create`,
    );
  }
  return name;
}

/**
 * The platform's bindings for a pipeline's ServiceAccount: the two Tekton
 * Triggers documents for an EventListener's account (a RoleBinding in its
 * namespace and a ClusterRoleBinding named after the namespace and account,
 * so two teams' listeners never share one), and a RoleBinding to the team
 * role so the pipeline's deploy task may roll out the team's workloads, no
 * more than the team itself may.
 *
 * @remarks
 * A team's role may not write role bindings, so these are made with the
 * portal's identity, from the action, never from the template: a
 * repository edit cannot change what they grant.
 */
export function pipelineBindings(options: {
  serviceAccount: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  roles: EventListenerRoles;
  teamRole: string;
}): ManifestObject[] {
  const { serviceAccount, namespace, labels, annotations, roles } = options;
  const subjects = [
    { kind: 'ServiceAccount', name: serviceAccount, namespace },
  ];
  const roleRef = (name: string) => ({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name,
  });
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: `${serviceAccount}-triggers`,
        namespace,
        labels,
        annotations,
      },
      roleRef: roleRef(roles.namespaced),
      subjects,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        name: `${namespace}-${serviceAccount}-triggers`,
        labels,
        annotations,
      },
      roleRef: roleRef(roles.cluster),
      subjects,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: `${serviceAccount}-deploy`,
        namespace,
        labels,
        annotations,
      },
      roleRef: roleRef(options.teamRole),
      subjects,
    },
  ];
}
