import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';

/** The annotations the Backstage Kubernetes plugin and Paasport read. */
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
export function isWorkloadComponent(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    WORKLOAD_ANNOTATIONS.some(key => Boolean(annotations[key]))
  );
}

/**
 * {@link isWorkloadComponent} as a filter predicate for new-frontend-system
 * entity cards and contents.
 *
 * @public
 */
export const workloadComponentFilter: FilterPredicate = {
  $all: [
    { kind: 'component' },
    {
      // WORKLOAD_ANNOTATIONS, spelled out: the predicate type wants literal keys.
      $any: [
        {
          'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
        },
        {
          'metadata.annotations.backstage.io/kubernetes-label-selector': {
            $exists: true,
          },
        },
      ],
    },
  ],
};
