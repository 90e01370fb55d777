import { teamNamespaceOn } from '../teamNamespaces';
import { TEAM_LABEL } from './keys';
import { TeamLabels } from './NamespaceLabels';
import { Team } from './TeamDirectory';

/**
 * The namespaces of a team per cluster, as {@link teamNamespacesOn} found
 * them.
 *
 * @public
 */
export interface TeamNamespacesOnClusters {
  /** Cluster → the namespace the team holds there, verified. */
  namespaces: Record<string, string>;
  /**
   * Cluster → the namespace the team claims where the cluster could not be
   * asked (its labels never read since the start). Never to act on; only
   * for keeping what was already known, such as discovered entities.
   */
  unverified: Record<string, string>;
  /** What is refused or unverified, and why. */
  problems: string[];
  /**
   * The namespaces refused to the team, and why: claimed by another team
   * too, or labelled for another team on the cluster. (A namespace that does
   * not exist yet, or a cluster that did not answer, is not a refusal.)
   */
  refusals: Array<{
    cluster: string;
    namespace: string;
    reason: 'claimed-by-several-teams' | 'labelled-for-another-team';
    message: string;
  }>;
  /**
   * Per cluster where the team claims a namespace, what became of the
   * claim: the one view for a team's own page.
   */
  clusters: TeamNamespaceOnCluster[];
}

/**
 * What became of a team's claim to a namespace on one cluster.
 *
 * @public
 */
export interface TeamNamespaceOnCluster {
  cluster: string;
  namespace: string;
  /**
   * `held`: verified, the team's. `refused`: claimed by another team too, or
   * labelled for another team. `missing`: absent or without the team's
   * label (not made yet). `unverified`: the cluster could not be asked.
   */
  status: 'held' | 'refused' | 'missing' | 'unverified';
  /** Why, for every status but `held`. */
  message?: string;
}

/**
 * The namespace a team holds on each cluster, and why any it claims is
 * refused: claimed by another team too, or not labelled for this team on the
 * cluster (absent, unlabelled, or labelled for someone else).
 *
 * @public
 */
export async function teamNamespacesOn(
  team: Team,
  context: {
    /** Every team, to find double claims. */
    teams: Team[];
    clusters: string[];
    /** The team labels of a cluster's namespaces; may reject. */
    labels: (cluster: string) => Promise<TeamLabels>;
  },
): Promise<TeamNamespacesOnClusters> {
  const namespaces: Record<string, string> = {};
  const unverified: Record<string, string> = {};
  const problems: string[] = [];
  const refusals: TeamNamespacesOnClusters['refusals'] = [];
  const clusters: TeamNamespaceOnCluster[] = [];
  for (const cluster of context.clusters) {
    const namespace = teamNamespaceOn(team.namespaces, cluster);
    if (!namespace) continue;
    const not = (
      status: Exclude<TeamNamespaceOnCluster['status'], 'held'>,
      message: string,
    ) => {
      problems.push(message);
      clusters.push({ cluster, namespace, status, message });
    };
    const rivals = context.teams
      .filter(t => t.ref !== team.ref)
      .filter(t => teamNamespaceOn(t.namespaces, cluster) === namespace)
      .map(t => t.ref);
    if (rivals.length > 0) {
      const message =
        `namespace ${namespace} on ${cluster} is claimed by ${team.ref} and by ` +
        `${rivals.join(
          ', ',
        )}; it is refused to all of them until only one claims it`;
      not('refused', message);
      refusals.push({
        cluster,
        namespace,
        reason: 'claimed-by-several-teams',
        message,
      });
      continue;
    }
    let labels: TeamLabels;
    try {
      labels = await context.labels(cluster);
    } catch (error) {
      not(
        'unverified',
        `cannot verify namespace ${namespace} on ${cluster}: ${
          (error as Error).message
        }`,
      );
      unverified[cluster] = namespace;
      continue;
    }
    const label = labels.get(namespace);
    if (label === team.label) {
      namespaces[cluster] = namespace;
      clusters.push({ cluster, namespace, status: 'held' });
    } else if (label === undefined) {
      not(
        'missing',
        `namespace ${namespace} on ${cluster} does not exist or does not carry ` +
          `${TEAM_LABEL}=${team.label}, so nothing is shown there`,
      );
    } else {
      const message =
        `namespace ${namespace} on ${cluster} is labelled ${TEAM_LABEL}=${label}, ` +
        `not ${team.label}: it is refused to ${team.ref}`;
      not('refused', message);
      refusals.push({
        cluster,
        namespace,
        reason: 'labelled-for-another-team',
        message,
      });
    }
  }
  return { namespaces, unverified, problems, refusals, clusters };
}
