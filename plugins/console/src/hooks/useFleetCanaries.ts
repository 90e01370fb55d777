import { useApi } from '@backstage/core-plugin-api';
import { CanarySummary } from '@paasport/plugin-console-common';
import { usePolled } from '@paasport/plugin-paasport-react';
import { consoleApiRef } from '../api';
import { isCanaryRunning } from '../canary/canaryText';
import { RELEASES_REFRESH_MS } from './useReleases';

/**
 * The running canaries of a System's Components, in one request for the
 * System (the backend lists the canaries of every Component in its scope),
 * refreshed with the fleet matrix.
 *
 * @internal
 */
export function useFleetCanaries(
  systemRef: string,
  refreshMs = RELEASES_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  return usePolled(
    systemRef,
    async (): Promise<CanarySummary[]> =>
      (await api.listCanaries(systemRef)).canaries.filter(isCanaryRunning),
    [api, systemRef],
    refreshMs,
  );
}
