import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KubernetesClusters,
  parseTeamNamespaces,
  teamNamespaceOn,
} from '@paasport/kubernetes-node';

/**
 * A team and the namespace it owns on each chosen cluster.
 *
 * @public
 */
export interface TeamPlacement {
  /** Group entity ref, normalised (`group:default/storefront`). */
  teamRef: string;
  /** Group entity name: the value of the `paasport.io/team` label. */
  teamName: string;
  /** Namespace per cluster name. */
  namespaces: Record<string, string>;
}

/**
 * Normalises an entity ref given by a form (`storefront`,
 * `group:storefront`, `group:default/storefront`).
 *
 * @public
 */
export function normalizeRef(ref: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(`'${ref}' is not an entity reference`);
  }
}

/**
 * A cluster name from a form: either the name (`dev`) or the catalog Resource
 * that stands for the cluster (`resource:default/dev`, from an entity picker).
 *
 * @public
 */
export function clusterName(value: string): string {
  if (!value.includes(':')) return value;
  try {
    const ref = parseEntityRef(value);
    if (ref.kind.toLowerCase() === 'resource') return ref.name;
  } catch {
    // not an entity ref: reported as an unknown cluster
  }
  return value;
}

/**
 * Looks up teams and clusters the way the actions need them, failing with an
 * {@link InputError} that says what to fix.
 *
 * @public
 */
export class TeamDirectory {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      clusters: KubernetesClusters;
    },
  ) {}

  /** Throws unless every name is a configured cluster. */
  assertKnownClusters(names: string[]): void {
    if (names.length === 0) {
      throw new InputError('Choose at least one cluster');
    }
    const known = this.deps.clusters.list().map(c => c.name);
    const unknown = names.filter(n => !known.includes(n));
    if (unknown.length) {
      throw new InputError(
        `Unknown cluster${unknown.length > 1 ? 's' : ''} ${unknown
          .map(n => `'${n}'`)
          .join(', ')}; known clusters: ${known.join(', ') || 'none'}`,
      );
    }
  }

  /** Reads an entity of the expected kind or throws an {@link InputError}. */
  async entity(
    ref: string,
    kind: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const normalized = normalizeRef(ref, kind);
    if (parseEntityRef(normalized).kind.toLowerCase() !== kind.toLowerCase()) {
      throw new InputError(`${normalized} is not a ${kind}`);
    }
    const entity = await this.deps.catalog.getEntityByRef(normalized, {
      credentials,
    });
    if (!entity) {
      throw new InputError(`${normalized} does not exist in the catalog`);
    }
    return entity;
  }

  /** The team's namespace on each of `clusters`. */
  async placement(
    team: string,
    clusters: string[],
    credentials: BackstageCredentials,
  ): Promise<TeamPlacement> {
    this.assertKnownClusters(clusters);
    const group = await this.entity(team, 'Group', credentials);
    const teamRef = stringifyEntityRef(group);
    const { namespaces, problems } = parseTeamNamespaces(
      group.metadata.annotations,
    );
    if (problems.length) {
      throw new InputError(`${teamRef}: ${problems.join('; ')}`);
    }
    const byCluster: Record<string, string> = {};
    for (const cluster of clusters) {
      const namespace = teamNamespaceOn(namespaces, cluster);
      if (!namespace) {
        throw new InputError(
          `${teamRef} has no namespace for cluster '${cluster}': set the annotation paasport.io/namespace (or paasport.io/namespaces) on the Group`,
        );
      }
      byCluster[cluster] = namespace;
    }
    return {
      teamRef,
      teamName: group.metadata.name,
      namespaces: byCluster,
    };
  }

  /** The cluster by name; callers checked it is known. */
  cluster(name: string) {
    const cluster = this.deps.clusters.get(name);
    if (!cluster) this.assertKnownClusters([name]);
    return cluster!;
  }
}
