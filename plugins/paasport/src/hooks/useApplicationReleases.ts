import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import {
  ConsoleClient,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import { useCallback, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';

/**
 * What runs where for an application, from the console backend (one request
 * for all its services) through the console's own client, refreshed every
 * `intervalMs`; the last answer stays while a refresh is in flight or failed.
 */
export function useApplicationReleases(systemRef: string, intervalMs = 30_000) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const client = useMemo(
    () => new ConsoleClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const [attempt, setAttempt] = useState(0);
  const [last, setLast] = useState<ReleasesResponse>();
  const state = useAsync(async () => {
    const releases = await client.getReleases(systemRef);
    setLast(releases);
    return releases;
  }, [client, systemRef, attempt]);
  const retry = useCallback(() => setAttempt(n => n + 1), []);
  useInterval(retry, intervalMs > 0 ? intervalMs : null);
  return { ...state, value: state.value ?? last, retry };
}
