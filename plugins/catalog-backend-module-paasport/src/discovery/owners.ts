import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { teamNamespaceOn } from '../model/teamNamespaces';
import { DiscoveryCatalogContext, Workload } from './types';

/**
 * Finds the team that owns a workload: its `paasport.io/team` label, else
 * the one team Group whose namespace on that cluster is the workload's.
 *
 * @public
 */
export class WorkloadOwners {
  // cluster -> namespace -> team refs claiming it
  private readonly byCluster = new Map<string, Map<string, string[]>>();

  constructor(private readonly teams: DiscoveryCatalogContext['teams']) {}

  /** The owner's entity ref, or `undefined` when no team can be told. */
  ownerOf(workload: Workload): string | undefined {
    if (workload.team) {
      try {
        return stringifyEntityRef(
          parseEntityRef(workload.team, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        );
      } catch {
        // A malformed label says nothing; the namespace may still tell.
      }
    }
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
