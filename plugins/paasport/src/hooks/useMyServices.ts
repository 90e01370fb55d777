import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  MyTeamsResponse,
  ReleasesResponse,
  SignalsResponse,
} from '@paasport/plugin-console-common';
import { consoleApiRef, usePolled } from '@paasport/plugin-paasport-react';

/** One of the person's teams with its services as the clusters see them. */
export interface TeamServices {
  team: string;
  services: Entity[];
  releases: ReleasesResponse;
  /** Missing when the clusters' Prometheus could not be asked at all. */
  signals?: SignalsResponse;
}

/** What the home page shows of the person's teams. */
export interface MyServices {
  me: MyTeamsResponse;
  teams: TeamServices[];
}

/**
 * The person's trusted teams (as the console's application model knows
 * them, not the sign-in token's claims) with each team's Components, their
 * releases and health on every cluster and their error rate now, refreshed
 * every `intervalMs`; the last answer stays while a refresh is in flight.
 */
export function useMyServices(intervalMs = 30_000) {
  const consoleApi = useApi(consoleApiRef);
  const catalogApi = useApi(catalogApiRef);
  return usePolled(
    'me',
    async (): Promise<MyServices> => {
      const me = await consoleApi.getMyTeams();
      const teams = await Promise.all(
        me.teams.map(async team => {
          const [services, releases, signals] = await Promise.all([
            catalogApi
              .getEntities({
                filter: { kind: 'component', 'relations.ownedBy': team },
              })
              .then(r => r.items),
            consoleApi.getReleases(team),
            // Numbers are a nicety next to health: without them the table
            // still shows what runs where.
            consoleApi.getSignals(team).catch(() => undefined),
          ]);
          return { team, services, releases, signals };
        }),
      );
      return { me, teams };
    },
    [consoleApi, catalogApi],
    intervalMs,
  );
}
