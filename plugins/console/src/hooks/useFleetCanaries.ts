import { useApi } from '@backstage/core-plugin-api';
import { CanarySummary } from '@paasport/plugin-console-common';
import { usePolled } from '@paasport/plugin-paasport-react';
import { consoleApiRef } from '../api';
import { isCanaryRunning } from '../canary/canaryText';
import { RELEASES_REFRESH_MS } from './useReleases';

/**
 * The running canaries of a System's Components, one request per
 * Component, refreshed with the fleet matrix. A Component whose list fails
 * just shows no marker: the matrix itself is what the tab is about.
 *
 * @internal
 */
export function useFleetCanaries(
  componentRefs: string[],
  refreshMs = RELEASES_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  const key = [...componentRefs].sort().join('\n');
  return usePolled(
    key,
    async (): Promise<CanarySummary[]> => {
      const lists = await Promise.allSettled(
        componentRefs.map(ref => api.listCanaries(ref)),
      );
      return lists.flatMap(list =>
        list.status === 'fulfilled'
          ? list.value.canaries.filter(isCanaryRunning)
          : [],
      );
    },
    [api, key],
    refreshMs,
  );
}
