import { useApi } from '@backstage/core-plugin-api';
import { RevisionComparisonQuery } from '@paasport/plugin-console-common';
import useAsync from 'react-use/esm/useAsync';
import { consoleApiRef } from '../api';

/**
 * How a revision of a workload compares with another one (by default the
 * current revision with the one before it). Skipped while `query` is
 * undefined; pass a memoised `query`, and it is asked again only when it
 * changes (a new current revision), not on every refresh of the releases.
 */
export function useRevisionComparison(
  entityRef: string,
  query: RevisionComparisonQuery | undefined,
) {
  const api = useApi(consoleApiRef);
  return useAsync(
    async () =>
      query ? api.getRevisionComparison(entityRef, query) : undefined,
    [api, entityRef, query],
  );
}
