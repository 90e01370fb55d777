import { ManifestObject } from './manifests';

/**
 * Name of the RoleBinding that binds a team's group to the team role in
 * each of its namespaces.
 *
 * @public
 */
export const TEAM_ROLE_BINDING = 'paasport-team';

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

/**
 * Why a template may not bring `object`, if it is one of the kinds only the
 * platform makes in a team namespace: its limits (ResourceQuota,
 * LimitRange) and who may do what there (Role, RoleBinding).
 *
 * @remarks
 * Under impersonation the team's role refuses these writes anyway; refusing
 * them here, before anything is applied, says why in the template's terms
 * and keeps a team whose role is wider (an admin) from overwriting the
 * platform's objects through a template.
 *
 * @public
 */
export function platformObjectProblem(
  object: ManifestObject,
  teamRole: string,
): string | undefined {
  const group = groupOf(object.apiVersion);
  const { kind } = object;
  const name = object.metadata.name;
  if (group === '' && (kind === 'ResourceQuota' || kind === 'LimitRange')) {
    return (
      `${kind} ${name}: the quota and limit range of a team namespace are the platform's ` +
      '(paasport:namespace:ensure makes them); a template may not create or change them'
    );
  }
  if (
    group === 'rbac.authorization.k8s.io' &&
    (kind === 'RoleBinding' || kind === 'Role')
  ) {
    const roleRef = object.roleRef as
      | { kind?: string; name?: string }
      | undefined;
    const to = roleRef?.name ? ` (to ${roleRef.kind} ${roleRef.name})` : '';
    return (
      `${kind} ${name}${to}: access in a team namespace is the platform's to grant ` +
      `(the team's group has RoleBinding ${TEAM_ROLE_BINDING} to ClusterRole ${teamRole}); ` +
      'a template may not create or change Roles or RoleBindings'
    );
  }
  return undefined;
}
