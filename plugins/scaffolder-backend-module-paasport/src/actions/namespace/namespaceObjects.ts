import { KubernetesIdentities, TEAM_LABEL } from '@paasport/kubernetes-node';
import { PaasportScaffolderConfig } from '../../config';
import { ManifestObject } from '../../kubernetes/manifests';
import { TEAM_ROLE_BINDING } from '../../kubernetes/platformObjects';

/** Name of the team namespace's ResourceQuota. */
export const QUOTA_NAME = 'team-quota';
/** Name of the team namespace's LimitRange. */
export const LIMITS_NAME = 'team-defaults';
/** Annotation naming the scaffolder task that made an object. */
export const TASK_ANNOTATION = 'paasport.io/scaffolder-task';

/** Name of the RoleBinding that lets the portal act for people in a namespace. */
export const PORTAL_IMPERSONATION_BINDING = 'paasport-portal-impersonation';

/**
 * The platform's objects of a team namespace, in creation order: the
 * Namespace labelled for the team, its ResourceQuota and LimitRange, the
 * RoleBinding `paasport-team` of the team's group to the team role, and the
 * RoleBinding `paasport-portal-impersonation` that lets the portal act for
 * people there (without it every write as a person is refused).
 */
export function namespaceObjects(options: {
  namespace: string;
  teamRef: string;
  teamLabel: string;
  taskId: string;
  config: PaasportScaffolderConfig;
}): ManifestObject[] {
  const { namespace, teamRef, teamLabel, config } = options;
  const labels = {
    // The application model only takes a namespace for a team's when it
    // carries this label; the portal's guardrail only lets it make such.
    [TEAM_LABEL]: teamLabel,
    'app.kubernetes.io/managed-by': config.fieldManager,
  };
  const annotations = { [TASK_ANNOTATION]: options.taskId };
  const metadata = (name: string) => ({ name, namespace, labels, annotations });
  const portal = config.tenancy.portalServiceAccount.split('/');
  const group = new KubernetesIdentities(
    config.tenancy.impersonationPrefix,
  ).nameOf(teamRef);
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels, annotations },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: metadata(QUOTA_NAME),
      spec: { hard: config.namespace.quota },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: metadata(LIMITS_NAME),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: config.namespace.limits.defaultRequest,
            default: config.namespace.limits.default,
          },
        ],
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(TEAM_ROLE_BINDING),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: config.tenancy.teamRole,
      },
      // The group the portal impersonates for the team's members.
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata(PORTAL_IMPERSONATION_BINDING),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: config.tenancy.portalImpersonationRole,
      },
      subjects: [
        {
          kind: 'ServiceAccount',
          namespace: portal[0],
          name: portal[1],
        },
      ],
    },
  ];
}
