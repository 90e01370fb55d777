import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ApplicationModel, EntityScope } from '@paasport/kubernetes-node';
import { DecommissionScope } from '../services/scope/DecommissionScope';

/** The application model's answer for an entity with nothing on the clusters. */
export function noClusters(entity: Entity): EntityScope {
  return {
    entityRef: stringifyEntityRef(entity),
    entity,
    components: [],
    problems: [],
  };
}

/** A model for tests of steps that never look at the clusters. */
export const modelWithoutClusters: Pick<ApplicationModel, 'scopeOf'> = {
  async scopeOf(ref) {
    const entityRef = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    return { entityRef, entity: {} as Entity, components: [], problems: [] };
  },
};

/** A decommission scope for tests of the steps after the clusters. */
export function scopeWithoutClusters(
  scope: Omit<DecommissionScope, 'clusters'>,
): DecommissionScope {
  return { ...scope, clusters: noClusters(scope.root) };
}
