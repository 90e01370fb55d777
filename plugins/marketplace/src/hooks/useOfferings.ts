import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { marketplaceApiRef } from '../api';

/** The offerings and their plans; they change only with configuration. */
export function useOfferings() {
  const api = useApi(marketplaceApiRef);
  return useAsyncRetry(() => api.listOfferings(), [api]);
}
