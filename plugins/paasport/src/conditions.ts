import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';
import { workloadComponentFilter } from '@paasport/plugin-paasport-react';

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

/**
 * Entities with a status card: Systems, and Components whose workloads the
 * console can find (one of the Kubernetes annotations).
 *
 * @internal
 */
export const statusCardFilter: FilterPredicate = {
  $any: [{ kind: 'system' }, workloadComponentFilter],
};
