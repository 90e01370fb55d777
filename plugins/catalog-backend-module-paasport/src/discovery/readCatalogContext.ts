import { AuthService } from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ApplicationModel } from '@paasport/kubernetes-node';
import { DISCOVERY_LOCATION_TYPE, KUBERNETES_ID_LABEL } from '../constants';
import { DiscoveryCatalogContext } from './types';

const PAGE_SIZE = 1000;

async function query(
  catalog: CatalogService,
  auth: AuthService,
  request: Parameters<CatalogService['streamEntities']>[0],
): Promise<Entity[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const entities: Entity[] = [];
  for await (const page of catalog.streamEntities(
    { ...request, pageSize: PAGE_SIZE },
    { credentials },
  )) {
    entities.push(...page);
  }
  return entities;
}

/**
 * Reads what discovery needs: the teams with their verified namespaces
 * (from `teams`, the application model), and from the catalog the
 * Components and Systems declared by hand.
 *
 * @remarks
 * "Declared" means any origin other than discovery itself, so the query
 * excludes our own entities on the server: with 10,000 discovered Components
 * the answer stays as small as the hand-written part of the catalog. Errors
 * propagate: a run that cannot tell what is declared must not emit
 * duplicates.
 *
 * @public
 */
export async function readCatalogContext(
  catalog: CatalogService,
  auth: AuthService,
  teams: () => Promise<DiscoveryCatalogContext['teams']>,
): Promise<DiscoveryCatalogContext> {
  const [teamsOfModel, declared] = await Promise.all([
    teams(),
    query(catalog, auth, {
      query: {
        $all: [
          { kind: { $in: ['component', 'system'] } },
          {
            $not: {
              [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: {
                $hasPrefix: `${DISCOVERY_LOCATION_TYPE}:`,
              },
            },
          },
        ],
      },
      fields: ['kind', 'metadata.name', 'metadata.annotations'],
    }),
  ]);
  const context: DiscoveryCatalogContext = {
    teams: teamsOfModel,
    declaredComponents: new Set(),
    declaredKubernetesIds: new Set(),
    declaredSystems: new Set(),
  };
  for (const entity of declared) {
    const name = entity.metadata.name.toLocaleLowerCase('en-US');
    if (entity.kind.toLowerCase() === 'system') {
      context.declaredSystems.add(name);
      continue;
    }
    context.declaredComponents.add(name);
    const id = entity.metadata.annotations?.[KUBERNETES_ID_LABEL];
    if (id) context.declaredKubernetesIds.add(id.toLocaleLowerCase('en-US'));
  }
  return context;
}

/**
 * The teams of the application model with the namespaces they hold, as
 * verified on the clusters (the Namespace's `paasport.io/team` label, no
 * double claims), in the shape discovery reads.
 *
 * @remarks
 * A cluster that has not answered since the backend started cannot be
 * verified; there the team's claim stands, so that the entities discovery
 * keeps for an unreachable cluster keep their owner instead of vanishing.
 * Nothing acts on that: the console and every other plugin verify for
 * themselves and show nothing on an unverified cluster.
 *
 * @public
 */
export async function verifiedTeams(
  model: ApplicationModel,
): Promise<DiscoveryCatalogContext['teams']> {
  const teams = await model.listTeams();
  return Promise.all(
    teams.map(async team => {
      const { namespaces, unverified } = await model.namespacesOf(team);
      return {
        ref: team.ref,
        namespaces: { byCluster: { ...unverified, ...namespaces } },
      };
    }),
  );
}
