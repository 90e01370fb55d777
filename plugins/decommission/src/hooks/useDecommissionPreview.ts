import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { decommissionApiRef } from '../api';

/**
 * The preview of a decommission of `entityRef`; `retry` computes it again
 * (after the clusters or the catalog changed).
 */
export function useDecommissionPreview(entityRef: string) {
  const api = useApi(decommissionApiRef);
  return useAsyncRetry(() => api.getPreview(entityRef), [api, entityRef]);
}
