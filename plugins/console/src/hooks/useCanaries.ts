import { useApi } from '@backstage/core-plugin-api';
import { usePolled } from '@paasport/plugin-paasport-react';
import { consoleApiRef } from '../api';
import { RELEASES_REFRESH_MS } from './useReleases';

/**
 * A Component's canaries, running ones first, refreshed with the releases:
 * a canary started elsewhere, or one that just finished, shows up within a
 * refresh. A running canary's own panel polls faster (see `useCanary`).
 *
 * @internal
 */
export function useCanaries(
  entityRef: string,
  refreshMs = RELEASES_REFRESH_MS,
) {
  const api = useApi(consoleApiRef);
  return usePolled(
    entityRef,
    () => api.listCanaries(entityRef),
    [api, entityRef],
    refreshMs,
  );
}
