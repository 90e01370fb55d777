import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { consoleApiRef } from '@paasport/plugin-paasport-react';
import useAsync from 'react-use/esm/useAsync';

/** A team the person may choose, with the name people know it by. */
export interface TeamOption {
  /** `group:default/storefront` */
  ref: string;
  /** The Group's display name or title (`Storefront team`), else its name. */
  title: string;
}

/** What {@link useTeamChoices} loads. */
export interface TeamOptions {
  teams: TeamOption[];
  admin: boolean;
}

/**
 * The signed-in person's trusted teams (from the console backend), titled
 * from the catalog.
 */
export function useTeamChoices() {
  const consoleApi = useApi(consoleApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<TeamOptions> => {
    const mine = await consoleApi.getMyTeams();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: mine.teams,
      fields: ['metadata.name', 'metadata.title', 'spec.profile.displayName'],
    });
    const teams = mine.teams.map((ref, i) => {
      const entity = items[i];
      const profile = entity?.spec?.profile as
        | { displayName?: string }
        | undefined;
      return {
        ref,
        title:
          profile?.displayName ??
          entity?.metadata.title ??
          ref.slice(ref.indexOf('/') + 1),
      };
    });
    return { teams, admin: mine.admin };
  }, [consoleApi, catalogApi]);
}
