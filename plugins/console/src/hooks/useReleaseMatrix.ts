import { useApi } from '@backstage/core-plugin-api';
import { consoleApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';
import { RELEASES_REFRESH_MS } from './useReleases';

/**
 * A System's fleet matrix: the revision each Component runs per cluster,
 * refreshed like the releases so drift shows as it appears or goes away.
 */
export function useReleaseMatrix(
  entityRef: string,
  refreshMs = RELEASES_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  return usePolled(
    entityRef,
    () => api.getReleaseMatrix(entityRef),
    [api, entityRef],
    refreshMs,
  );
}
