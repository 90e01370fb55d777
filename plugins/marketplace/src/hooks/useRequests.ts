import { useApi } from '@backstage/core-plugin-api';
import { marketplaceApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';

/** Which requests to list, as the backend's `GET /requests` takes them. */
export interface RequestsQuery {
  scope: 'mine' | 'team' | 'all';
  /** Comma-separated states. */
  state?: string;
}

/** Requests for a scope, refreshed every `intervalMs` for live status. */
export function useRequests(query: RequestsQuery, intervalMs: number) {
  const api = useApi(marketplaceApiRef);
  const key = `${query.scope}|${query.state ?? ''}`;
  return usePolled(
    key,
    () => api.listRequests(query),
    [api, query.scope, query.state],
    intervalMs,
  );
}
