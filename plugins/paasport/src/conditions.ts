import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';

/**
 * Whether an entity has an application page: every System. For
 * `EntitySwitch` in legacy apps.
 *
 * @public
 */
export function isApplication(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'system';
}

/**
 * {@link isApplication} as a filter predicate for new-frontend-system
 * entity content.
 *
 * @internal
 */
export const applicationFilter: FilterPredicate = { kind: 'system' };
