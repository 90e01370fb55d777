import { useApi } from '@backstage/core-plugin-api';
import { consoleApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';

/** How often the releases refresh by themselves. */
export const RELEASES_REFRESH_MS = 10_000;

/**
 * An entity's workloads and revision history on every cluster.
 *
 * @remarks
 * Refreshes on an interval so a rollout's status moves without a reload; the
 * backend answers from its watch cache, so polling costs no cluster calls.
 */
export function useReleases(
  entityRef: string,
  refreshMs = RELEASES_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  return usePolled(
    entityRef,
    () => api.getReleases(entityRef),
    [api, entityRef],
    refreshMs,
  );
}
