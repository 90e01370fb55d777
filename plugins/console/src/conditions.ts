import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';

/** The annotations the Backstage Kubernetes plugin and our backend read. */
const WORKLOAD_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
];

/**
 * Whether the console can find workloads for a Component: it carries one of
 * the Kubernetes annotations. For `EntitySwitch` in legacy apps.
 *
 * @public
 */
export function isConsoleComponent(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.kind.toLowerCase() === 'component' &&
    WORKLOAD_ANNOTATIONS.some(key => Boolean(annotations[key]))
  );
}

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
  component: {
    $all: [
      { kind: 'component' },
      {
        $any: [
          {
            'metadata.annotations.backstage.io/kubernetes-id': {
              $exists: true,
            },
          },
          {
            'metadata.annotations.backstage.io/kubernetes-label-selector': {
              $exists: true,
            },
          },
        ],
      },
    ],
  },
  system: { kind: 'system' },
  group: { kind: 'group' },
};
