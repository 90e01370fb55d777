import {
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** The Components of an application (System), sorted by name. */
export function useApplicationServices(system: Entity) {
  const catalogApi = useApi(catalogApiRef);
  const systemRef = stringifyEntityRef(system);
  return useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'Component',
        [`relations.${RELATION_PART_OF}`]: systemRef,
      },
    });
    return items.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }, [catalogApi, systemRef]);
}
