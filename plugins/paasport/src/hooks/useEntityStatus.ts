import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  ReleasesResponse,
  SignalsResponse,
} from '@paasport/plugin-console-common';
import { consoleApiRef, usePolled } from '@paasport/plugin-paasport-react';

/** What a status card shows: the services, what runs where, how it does. */
export interface EntityStatus {
  services: Entity[];
  releases: ReleasesResponse;
  signals?: SignalsResponse;
}

/**
 * A Component's (or a System's Components') releases and health on every
 * cluster with the error rate now, refreshed every `intervalMs`; the last
 * answer stays while a refresh is in flight or failed.
 */
export function useEntityStatus(entity: Entity, intervalMs = 30_000) {
  const consoleApi = useApi(consoleApiRef);
  const catalogApi = useApi(catalogApiRef);
  const ref = stringifyEntityRef(entity);
  const system = entity.kind.toLocaleLowerCase('en-US') === 'system';
  return usePolled(
    ref,
    async (): Promise<EntityStatus> => {
      const [services, releases, signals] = await Promise.all([
        system
          ? catalogApi
              .getEntities({
                filter: { kind: 'component', 'relations.partOf': ref },
              })
              .then(r => r.items)
          : [entity],
        consoleApi.getReleases(ref),
        consoleApi.getSignals(ref).catch(() => undefined),
      ]);
      return { services, releases, signals };
    },
    [consoleApi, catalogApi],
    intervalMs,
  );
}
