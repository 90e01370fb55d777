import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** The Components of an application (System entity ref). */
export function useApplicationComponents(systemRef: string) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<Entity[]> => {
    const system = parseEntityRef(systemRef);
    // spec.system is written either way: `shop` or `system:default/shop`.
    const names =
      system.namespace === 'default'
        ? [system.name, `system:default/${system.name}`]
        : [
            `${system.namespace}/${system.name}`,
            `system:${system.namespace}/${system.name}`,
          ];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'spec.system': names },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi, systemRef]);
}
