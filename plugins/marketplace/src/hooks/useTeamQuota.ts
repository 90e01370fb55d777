import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../api';

/** A team's usage against its quota; nothing is loaded without a team. */
export function useTeamQuota(team: string | undefined) {
  const api = useApi(marketplaceApiRef);
  return useAsync(
    async () => (team ? api.getQuota(team) : undefined),
    [api, team],
  );
}
