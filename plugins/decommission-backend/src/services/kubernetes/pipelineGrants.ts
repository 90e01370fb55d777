import { KubernetesObject } from '@paasport/kubernetes-node';

/**
 * The roles `paasport:tekton:pipeline` grants a pipeline's ServiceAccount,
 * with the platform's identity: Tekton Triggers' roles for its EventListener
 * (`paasport.scaffolder.tekton.eventListenerRoles`) and the team role, so
 * that its deploy task may roll out what the team may
 * (`paasport.tenancy.teamRole`).
 *
 * @internal
 */
export interface PipelineGrantRoles {
  /** Bound by RoleBindings in the team namespace. */
  namespaced: string[];
  /** Bound by a ClusterRoleBinding. */
  cluster: string;
}

/** A RoleBinding or ClusterRoleBinding, as far as decommission reads it. */
export interface Binding extends KubernetesObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
}

/**
 * The namespace whose pipeline account `binding` grants one of the
 * {@link PipelineGrantRoles} to, when it is exactly such a grant; else
 * undefined.
 *
 * @remarks
 * People cannot change RBAC in a team namespace (the team role has no
 * write on bindings), so these grants are made and removed by the
 * platform's identity (the ServiceAccount the portal impersonates; the
 * cluster's guardrail lets it delete bindings of these roles only). That
 * is only safe for bindings shaped as Paasport makes
 * them: one of those roles, bound only to ServiceAccounts of one namespace
 * (for a RoleBinding, its own). Removing such a binding only takes access
 * away. Any other binding is left alone, whatever its labels say; the
 * team's own `paasport-team` binding names a Group, so it never matches.
 *
 * @internal
 */
export function pipelineGrantNamespace(
  binding: Binding,
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  roles: PipelineGrantRoles,
): string | undefined {
  const allowed = kind === 'RoleBinding' ? roles.namespaced : [roles.cluster];
  if (binding.roleRef?.kind !== 'ClusterRole') return undefined;
  if (!allowed.includes(binding.roleRef.name ?? '')) return undefined;
  const subjects = binding.subjects ?? [];
  if (subjects.length === 0) return undefined;
  const own = binding.metadata.namespace;
  const namespaces = new Set(
    subjects.map(s =>
      s.kind === 'ServiceAccount' ? s.namespace ?? own : undefined,
    ),
  );
  const [namespace] = namespaces;
  if (namespaces.size !== 1 || !namespace) return undefined;
  if (kind === 'RoleBinding' && namespace !== own) return undefined;
  return namespace;
}
