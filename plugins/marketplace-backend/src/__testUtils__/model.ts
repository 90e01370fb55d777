import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ApplicationModel,
  KubernetesClusters,
  KubernetesIdentities,
  readTrustedOrigins,
  Team,
  teamNamespaceOn,
  teamNamespacesOn,
} from '@paasport/kubernetes-node';
import { tenancyTestConfig } from '@paasport/kubernetes-node/testUtils';

/**
 * The application model over an in-memory catalog, for router and service
 * tests that run without clusters: everything is the real model (trusted
 * teams and membership, scopes, persons, `assertMayAct`) except the
 * clusters' half of `namespacesOf`, where every namespace a team's Group
 * declares counts as labelled for it. Tests that talk to clusters use the
 * real model (`testApplicationModel`) on the devcluster instead.
 */
class DeclaredNamespacesModel extends ApplicationModel {
  constructor(entities: Entity[], private readonly clusterNames: string[]) {
    super({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      // Never called: namespacesOf below is what reads the clusters.
      clusters: new KubernetesClusters(
        clusterNames.map(name => ({
          name,
          url: 'https://127.0.0.1:1',
          skipTLSVerify: true,
          auth: { type: 'bearerToken' as const, token: 'unused' },
        })),
      ),
      trust: readTrustedOrigins(new ConfigReader(tenancyTestConfig)),
      identities: new KubernetesIdentities(),
      adminGroups: ['group:default/admins'],
    });
  }

  override async namespacesOf(team: Team) {
    const teams = await this.listTeams();
    return teamNamespacesOn(team, {
      teams,
      clusters: this.clusterNames,
      // As if Paasport had labelled each declared namespace for its team.
      labels: async cluster =>
        new Map(
          teams.flatMap(t => {
            const namespace = teamNamespaceOn(t.namespaces, cluster);
            return namespace ? [[namespace, t.label] as [string, string]] : [];
          }),
        ),
    });
  }
}

/**
 * An application model for `entities` on clusters named `clusters`, whose
 * declared team namespaces all verify. See {@link DeclaredNamespacesModel}.
 */
export function declaredNamespacesModel(
  entities: Entity[],
  clusters: string[] = [],
): ApplicationModel {
  return new DeclaredNamespacesModel(entities, clusters);
}
