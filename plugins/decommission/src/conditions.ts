import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';

/**
 * Whether an entity can be decommissioned: a service (Component) or an
 * application (System). For `EntitySwitch` in legacy apps.
 *
 * @public
 */
export function isDecommissionable(entity: Entity): boolean {
  const kind = entity.kind.toLowerCase();
  return kind === 'component' || kind === 'system';
}

/**
 * {@link isDecommissionable} as a filter predicate for new-frontend-system
 * extensions.
 *
 * @internal
 */
export const decommissionFilter: FilterPredicate = {
  $any: [{ kind: 'component' }, { kind: 'system' }],
};
