import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';

/**
 * Whether an entity gets the Middleware tab: Systems (applications own
 * middleware) and Components (they use their System's middleware). For
 * `EntitySwitch` in legacy apps.
 *
 * @public
 */
export function isMarketplaceEntity(entity: Entity): boolean {
  return ['component', 'system'].includes(entity.kind.toLowerCase());
}

/**
 * {@link isMarketplaceEntity} as a filter predicate for new-frontend-system
 * entity content.
 *
 * @internal
 */
export const marketplaceEntityFilter: FilterPredicate = {
  kind: { $in: ['component', 'system'] },
};
