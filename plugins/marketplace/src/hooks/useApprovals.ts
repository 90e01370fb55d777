import { useApi } from '@backstage/core-plugin-api';
import { marketplaceApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';

/** Requests awaiting a decision the signed-in user may take, refreshed. */
export function useApprovals(intervalMs: number) {
  const api = useApi(marketplaceApiRef);
  return usePolled('approvals', () => api.listApprovals(), [api], intervalMs);
}
