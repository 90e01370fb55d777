import { teamNamespaceOn } from '../teamNamespaces';
import { TEAM_LABEL } from './keys';
import { TeamLabels } from './NamespaceLabels';
import { Team } from './TeamDirectory';

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
): Promise<{ namespaces: Record<string, string>; problems: string[] }> {
  const namespaces: Record<string, string> = {};
  const problems: string[] = [];
  for (const cluster of context.clusters) {
    const namespace = teamNamespaceOn(team.namespaces, cluster);
    if (!namespace) continue;
    const rivals = context.teams
      .filter(t => t.ref !== team.ref)
      .filter(t => teamNamespaceOn(t.namespaces, cluster) === namespace)
      .map(t => t.ref);
    if (rivals.length > 0) {
      problems.push(
        `namespace ${namespace} on ${cluster} is claimed by ${team.ref} and by ` +
          `${rivals.join(
            ', ',
          )}; it is refused to all of them until only one claims it`,
      );
      continue;
    }
    let labels: TeamLabels;
    try {
      labels = await context.labels(cluster);
    } catch (error) {
      problems.push(
        `cannot verify namespace ${namespace} on ${cluster}: ${
          (error as Error).message
        }`,
      );
      continue;
    }
    const label = labels.get(namespace);
    if (label === team.label) {
      namespaces[cluster] = namespace;
    } else if (label === undefined) {
      problems.push(
        `namespace ${namespace} on ${cluster} does not exist or does not carry ` +
          `${TEAM_LABEL}=${team.label}, so nothing is shown there`,
      );
    } else {
      problems.push(
        `namespace ${namespace} on ${cluster} is labelled ${TEAM_LABEL}=${label}, ` +
          `not ${team.label}: it is refused to ${team.ref}`,
      );
    }
  }
  return { namespaces, problems };
}
