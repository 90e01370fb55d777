import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { marketplaceApiRef } from '../api';

/** The clusters instances can run on and credentials be delivered to. */
export function useClusters() {
  const api = useApi(marketplaceApiRef);
  return useAsync(() => api.listClusters(), [api]);
}
