import { teamNamespaceOn } from '../model/teamNamespaces';
import { DiscoveryCatalogContext, Workload } from './types';

/**
 * Finds the team that owns a workload: the one team that holds the
 * workload's namespace on that cluster.
 *
 * @remarks
 * The workload's own `paasport.io/team` label is not asked: anyone who may
 * deploy in a namespace may write it, so it could hand a service (and what
 * the portal shows and does for it) to another team. The teams given here
 * are the application model's, with namespaces verified on the clusters.
 *
 * @public
 */
export class WorkloadOwners {
  // cluster -> namespace -> team refs claiming it
  private readonly byCluster = new Map<string, Map<string, string[]>>();

  constructor(private readonly teams: DiscoveryCatalogContext['teams']) {}

  /** The owner's entity ref, or `undefined` when no team can be told. */
  ownerOf(workload: Workload): string | undefined {
    const claims = this.namespaces(workload.cluster).get(workload.namespace);
    // Two teams claiming one namespace is a modelling error; guessing between
    // them would hand a service to the wrong team.
    return claims?.length === 1 ? claims[0] : undefined;
  }

  private namespaces(cluster: string): Map<string, string[]> {
    let namespaces = this.byCluster.get(cluster);
    if (!namespaces) {
      namespaces = new Map();
      for (const team of this.teams) {
        const namespace = teamNamespaceOn(team.namespaces, cluster);
        if (namespace) {
          namespaces.set(namespace, [
            ...(namespaces.get(namespace) ?? []),
            team.ref,
          ]);
        }
      }
      this.byCluster.set(cluster, namespaces);
    }
    return namespaces;
  }
}
