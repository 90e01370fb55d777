/**
 * Annotation a team Group uses to name the namespace it owns on every
 * cluster.
 *
 * @public
 */
export const NAMESPACE_ANNOTATION = 'paasport.io/namespace';

/**
 * Annotation a team Group uses to override its namespace per cluster, as
 * `dev=ns-a,prod=ns-b`.
 *
 * @public
 */
export const NAMESPACES_ANNOTATION = 'paasport.io/namespaces';

/**
 * The namespaces a team Group owns, read from its annotations.
 *
 * @public
 */
export interface TeamNamespaces {
  /** `paasport.io/namespace`: the namespace on every cluster without an override. */
  default?: string;
  /** `paasport.io/namespaces`: per-cluster overrides, by cluster name. */
  byCluster: Record<string, string>;
}

// RFC 1123 label, as Kubernetes requires of namespace names.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Same rule as the cluster names of kubernetes.clusterLocatorMethods, minus the
// separators of the mapping itself.
const CLUSTER_NAME = /^[^/\s=,]+$/;

/**
 * Whether `name` is a valid namespace name (an RFC 1123 label).
 *
 * @public
 */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

function namespaceProblem(value: string, where: string): string | undefined {
  if (isNamespaceName(value)) return undefined;
  return (
    `${where}: '${value}' is not a valid namespace name ` +
    '(RFC 1123: at most 63 lower-case letters, digits and "-", ' +
    'starting and ending with a letter or digit)'
  );
}

/**
 * Reads `paasport.io/namespace` and `paasport.io/namespaces` and lists what
 * is wrong with them; an invalid value is left out of the result.
 *
 * @public
 */
export function parseTeamNamespaces(
  annotations: Record<string, string> | undefined,
): { namespaces: TeamNamespaces; problems: string[] } {
  const problems: string[] = [];
  const namespaces: TeamNamespaces = { byCluster: {} };
  const single = annotations?.[NAMESPACE_ANNOTATION];
  if (single !== undefined) {
    const problem = namespaceProblem(single.trim(), NAMESPACE_ANNOTATION);
    if (problem) problems.push(problem);
    else namespaces.default = single.trim();
  }
  const mapping = annotations?.[NAMESPACES_ANNOTATION];
  if (mapping !== undefined) {
    for (const entry of mapping.split(',')) {
      const match = /^\s*([^=]*?)\s*=\s*(.*?)\s*$/.exec(entry);
      if (!match || !CLUSTER_NAME.test(match[1])) {
        problems.push(
          `${NAMESPACES_ANNOTATION}: '${entry.trim()}' is not <cluster>=<namespace>; ` +
            `write e.g. "dev=shop-dev,prod=shop"`,
        );
        continue;
      }
      const [, cluster, namespace] = match;
      if (cluster in namespaces.byCluster) {
        problems.push(
          `${NAMESPACES_ANNOTATION}: cluster '${cluster}' is mapped twice`,
        );
        continue;
      }
      const problem = namespaceProblem(
        namespace,
        `${NAMESPACES_ANNOTATION} (${cluster})`,
      );
      if (problem) problems.push(problem);
      else namespaces.byCluster[cluster] = namespace;
    }
  }
  return { namespaces, problems };
}

/**
 * The namespace a team owns on `cluster`, if any: its per-cluster override,
 * else its namespace for every cluster.
 *
 * @public
 */
export function teamNamespaceOn(
  namespaces: TeamNamespaces,
  cluster: string,
): string | undefined {
  return Object.prototype.hasOwnProperty.call(namespaces.byCluster, cluster)
    ? namespaces.byCluster[cluster]
    : namespaces.default;
}
