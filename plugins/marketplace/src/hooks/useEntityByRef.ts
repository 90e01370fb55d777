import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** One catalog entity, or undefined without a ref or when it is missing. */
export function useEntityByRef(ref: string | null | undefined) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<Entity | undefined> => {
    if (!ref) return undefined;
    return catalogApi.getEntityByRef(ref);
  }, [catalogApi, ref]);
}
