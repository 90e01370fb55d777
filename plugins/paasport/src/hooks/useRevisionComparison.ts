import { useApi } from '@backstage/core-plugin-api';
import { RevisionComparisonQuery } from '@paasport/plugin-console-common';
import { consoleApiRef } from '@paasport/plugin-paasport-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * How a workload's revision compares with the one before it, from the
 * console backend (the shared console API, as the other hooks of this
 * plugin use). Asked again only when `query` changes: pass a memoised one.
 */
export function useRevisionComparison(
  entityRef: string,
  query: RevisionComparisonQuery | undefined,
) {
  const consoleApi = useApi(consoleApiRef);
  return useAsync(
    async () =>
      query ? consoleApi.getRevisionComparison(entityRef, query) : undefined,
    [consoleApi, entityRef, query],
  );
}
