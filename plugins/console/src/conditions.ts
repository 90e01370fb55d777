import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';
import {
  isWorkloadComponent,
  workloadComponentFilter,
} from '@paasport/plugin-paasport-react';

/**
 * Whether the console can find workloads for a Component: it carries one of
 * the Kubernetes annotations. For `EntitySwitch` in legacy apps.
 *
 * @public
 */
export const isConsoleComponent = isWorkloadComponent;

/**
 * Whether the console's fleet matrix applies: every System, since its
 * Components are resolved by the backend.
 *
 * @public
 */
export function isConsoleSystem(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'system';
}

/**
 * The same tests as {@link isConsoleComponent} and {@link isConsoleSystem},
 * as filter predicates for new-frontend-system entity content, and Groups
 * for the team's Namespaces card.
 *
 * @internal
 */
export const consoleFilters: Record<
  'component' | 'system' | 'group',
  FilterPredicate
> = {
  component: workloadComponentFilter,
  system: { kind: 'system' },
  group: { kind: 'group' },
};
