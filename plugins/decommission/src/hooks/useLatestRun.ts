import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { decommissionApiRef } from '../api';

/** The newest decommission run of an entity, if it ever had one. */
export function useLatestRun(entityRef: string) {
  const api = useApi(decommissionApiRef);
  return useAsyncRetry(
    async () => (await api.listRuns(entityRef))[0],
    [api, entityRef],
  );
}
