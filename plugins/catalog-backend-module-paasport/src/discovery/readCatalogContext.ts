import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DISCOVERY_LOCATION_TYPE, KUBERNETES_ID_LABEL } from '../constants';
import { parseTeamNamespaces } from '../model/teamNamespaces';
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
 * Reads what discovery needs from the catalog: team Groups with their
 * namespaces, and the Components and Systems declared by hand.
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
): Promise<DiscoveryCatalogContext> {
  const [groups, declared] = await Promise.all([
    query(catalog, auth, {
      query: { kind: 'group', 'spec.type': 'team' },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    }),
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
    teams: groups.map(group => ({
      ref: stringifyEntityRef(group),
      // Invalid values are the processor's to report; discovery uses the rest.
      namespaces: parseTeamNamespaces(group.metadata.annotations).namespaces,
    })),
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
