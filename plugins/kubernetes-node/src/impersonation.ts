/**
 * Who a request is made as, in Kubernetes' terms: the names RBAC bindings and
 * the audit log see.
 *
 * @public
 */
export interface KubernetesIdentity {
  /** E.g. `paasport:user:default/alice`. */
  user: string;
  /** E.g. `paasport:group:default/storefront`. */
  groups: string[];
}

/**
 * The prefix Paasport puts before entity refs to name people and teams in
 * Kubernetes, unless `paasport.tenancy.impersonationPrefix` says otherwise.
 *
 * @remarks
 * A prefix keeps portal-made identities apart from those of the cluster's
 * own identity provider, and lets an admission policy recognise them (the
 * devcluster's refuses any group outside the prefix on such requests).
 *
 * @public
 */
export const DEFAULT_IMPERSONATION_PREFIX = 'paasport:';

/**
 * Builds Kubernetes identities from catalog refs under one prefix.
 *
 * @public
 */
export class KubernetesIdentities {
  constructor(readonly prefix: string = DEFAULT_IMPERSONATION_PREFIX) {}

  /** The Kubernetes name of a catalog entity (a User or a Group). */
  nameOf(entityRef: string): string {
    return `${this.prefix}${entityRef.toLocaleLowerCase('en-US')}`;
  }

  /** A person with their teams (and role groups such as admins). */
  person(
    userEntityRef: string,
    groupRefs: Iterable<string>,
  ): KubernetesIdentity {
    const groups = [...new Set([...groupRefs].map(ref => this.nameOf(ref)))];
    return { user: this.nameOf(userEntityRef), groups: groups.sort() };
  }
}

/**
 * The headers of Kubernetes user impersonation; groups are an array so that
 * Node sends one header line per group, as the API server expects.
 *
 * @public
 */
export function impersonationHeaders(
  identity: KubernetesIdentity,
): Record<string, string | string[]> {
  if (!identity.user) {
    throw new Error('An impersonated identity needs a user name');
  }
  for (const name of [identity.user, ...identity.groups]) {
    // Header values cannot carry line breaks; entity refs never do, so one
    // that does is a bug, not something to encode.
    if (/[\r\n]/.test(name)) {
      throw new Error(
        `Not a valid Kubernetes identity: ${JSON.stringify(name)}`,
      );
    }
  }
  return {
    'Impersonate-User': identity.user,
    ...(identity.groups.length > 0 && {
      'Impersonate-Group': [...identity.groups],
    }),
  };
}

/**
 * The ServiceAccount that makes the platform's own objects in team
 * namespaces unless `paasport.tenancy.platformServiceAccount` says
 * otherwise.
 *
 * @public
 */
export const DEFAULT_PLATFORM_SERVICE_ACCOUNT =
  'paasport-system/paasport-platform';

/**
 * The identity of the platform's own work in team namespaces — the team's
 * Namespace, quota, limit range and RoleBindings: a ServiceAccount the portal
 * impersonates, so that the portal's own token writes nothing in a team
 * namespace and the audit log tells platform writes from a person's.
 *
 * @param serviceAccount - `<namespace>/<name>`
 * @public
 */
export function platformIdentity(
  serviceAccount: string = DEFAULT_PLATFORM_SERVICE_ACCOUNT,
): KubernetesIdentity {
  const match = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(serviceAccount);
  if (!match) {
    throw new Error(
      `'${serviceAccount}' is not a ServiceAccount as <namespace>/<name>`,
    );
  }
  const [, namespace, name] = match;
  return {
    user: `system:serviceaccount:${namespace}:${name}`,
    // No groups: the API server derives a ServiceAccount's own, and
    // constrained impersonation (impersonate:serviceaccount) refuses a
    // ServiceAccount sent with Impersonate-Group headers.
    groups: [],
  };
}
