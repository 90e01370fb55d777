import { Entity } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.system',
  'spec.owner',
];

/**
 * Components and Systems middleware can be requested for: by default those
 * the signed-in user's teams own (the only ones the backend will accept for
 * them), or every one when `all` is set (for platform admins).
 */
export function useOwnableEntities(all: boolean) {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  return useAsync(async (): Promise<Entity[]> => {
    const owners = all
      ? undefined
      : (await identityApi.getBackstageIdentity()).ownershipEntityRefs;
    // One filter per kind (the catalog ORs them); each ANDs the ownership.
    const filter = ['Component', 'System'].map(
      (kind): Record<string, string | string[]> =>
        owners ? { kind, 'relations.ownedBy': owners } : { kind },
    );
    const { items } = await catalogApi.getEntities({
      filter,
      fields: FIELDS,
      order: [
        { field: 'kind', order: 'desc' },
        { field: 'metadata.name', order: 'asc' },
      ],
    });
    return items;
  }, [catalogApi, identityApi, all]);
}
