import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * The team (Group entity ref) owning an application, which is whose quota a
 * request counts against. Undefined while unknown.
 */
export function useApplicationTeam(systemRef: string | undefined) {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    if (!systemRef) return undefined;
    const system = await catalogApi.getEntityByRef(systemRef);
    const owner = system?.spec?.owner;
    if (typeof owner !== 'string' || !owner) return undefined;
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: system!.metadata.namespace ?? 'default',
      }),
    );
  }, [catalogApi, systemRef]);
}
