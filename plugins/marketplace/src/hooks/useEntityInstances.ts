import { useApi } from '@backstage/core-plugin-api';
import { marketplaceApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';

/**
 * The live instances of a catalog entity (a System's, or those a Component
 * was requested for or is bound to), with their bindings, refreshed.
 * Nothing is asked without an entity ref.
 */
export function useEntityInstances(
  entityRef: string | undefined,
  intervalMs: number,
) {
  const api = useApi(marketplaceApiRef);
  return usePolled(
    entityRef ?? '',
    async () => (entityRef ? api.listInstances({ entity: entityRef }) : []),
    [api, entityRef],
    entityRef ? intervalMs : 0,
  );
}
