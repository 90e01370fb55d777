import { useApi } from '@backstage/core-plugin-api';
import { usePolled } from '@paasport/plugin-paasport-react';
import { consoleApiRef } from '../api';

/** How often a team's namespace claims are read again. */
export const TEAM_NAMESPACES_REFRESH_MS = 30_000;

/**
 * A team's namespace on every cluster and what became of each claim,
 * refreshed so a conflict shows (and clears) without a reload.
 */
export function useTeamNamespaces(
  teamRef: string,
  refreshMs = TEAM_NAMESPACES_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  return usePolled(
    teamRef,
    () => api.getTeamNamespaces(teamRef),
    [api, teamRef],
    refreshMs,
  );
}
