import { useApi } from '@backstage/core-plugin-api';
import { consoleApiRef, usePolled } from '@paasport/plugin-paasport-react';

/**
 * What runs where for an application, from the console backend (one request
 * for all its services), refreshed every `intervalMs`; the last answer stays
 * while a refresh is in flight or failed.
 */
export function useApplicationReleases(systemRef: string, intervalMs = 30_000) {
  const consoleApi = useApi(consoleApiRef);
  return usePolled(
    systemRef,
    () => consoleApi.getReleases(systemRef),
    [consoleApi],
    intervalMs,
  );
}
