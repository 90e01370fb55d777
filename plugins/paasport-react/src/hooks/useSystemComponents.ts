import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * The Components of an application (a System), by the application model's
 * one rule: those whose `relations.partOf` names the System — the same rule
 * the backends use, so a page never lists a component the backend would not
 * act on.
 *
 * @remarks
 * The relation is the catalog's reading of `spec.system`, so `shop` and
 * `system:default/shop` both count, and a Component of another catalog
 * namespace naming `shop` (which resolves to its own namespace) does not.
 *
 * @public
 */
export function useSystemComponents(
  systemRef: string,
  fields: string[] = [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.title',
  ],
) {
  const catalogApi = useApi(catalogApiRef);
  const fieldList = fields.join(',');
  return useAsync(async (): Promise<Entity[]> => {
    const system = stringifyEntityRef(
      parseEntityRef(systemRef, { defaultKind: 'system' }),
    ).toLocaleLowerCase('en-US');
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.partOf': system },
      fields: fieldList.split(','),
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi, systemRef, fieldList]);
}
