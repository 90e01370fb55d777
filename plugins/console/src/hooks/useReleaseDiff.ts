import { useApi } from '@backstage/core-plugin-api';
import { WorkloadReleases } from '@paasport/plugin-console-common';
import useAsync from 'react-use/esm/useAsync';
import { consoleApiRef } from '../api';

/**
 * The pod template changes a rollback from `from` to `to` would make.
 * Skipped (no value, not loading) until both revisions are known.
 */
export function useReleaseDiff(options: {
  entityRef: string;
  cluster: string;
  workload: WorkloadReleases;
  from?: number;
  to?: number;
}) {
  const api = useApi(consoleApiRef);
  const { entityRef, cluster, workload, from, to } = options;
  const { kind, namespace, name } = workload;
  return useAsync(async () => {
    if (from === undefined || to === undefined) {
      return undefined;
    }
    return api.getReleaseDiff(entityRef, {
      cluster,
      kind,
      namespace,
      workload: name,
      from,
      to,
    });
  }, [api, entityRef, cluster, kind, namespace, name, from, to]);
}
