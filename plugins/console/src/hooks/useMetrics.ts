import { useApi } from '@backstage/core-plugin-api';
import { MetricsQuery } from '@paasport/plugin-console-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { consoleApiRef } from '../api';

/**
 * A workload's metrics over a range, with release markers. Skipped until a
 * workload is chosen; pass a memoised `query`.
 */
export function useMetrics(entityRef: string, query: MetricsQuery | undefined) {
  const api = useApi(consoleApiRef);
  return useAsyncRetry(
    async () => (query ? api.getMetrics(entityRef, query) : undefined),
    [api, entityRef, query],
  );
}
