import { useApi } from '@backstage/core-plugin-api';
import { marketplaceApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';

/** One request with its history and bindings, refreshed for live status. */
export function useRequestDetails(id: string, intervalMs: number) {
  const api = useApi(marketplaceApiRef);
  return usePolled(id, () => api.getRequest(id), [api, id], intervalMs);
}
