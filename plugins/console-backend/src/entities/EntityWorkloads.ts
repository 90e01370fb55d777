import { InputError, NotFoundError } from '@backstage/errors';
import { WorkloadKind } from '@paasport/plugin-console-common';
import { ComponentScope } from '@paasport/kubernetes-node';
import { ClusterCache } from '../cache/ClusterCache';
import { Deployment, StatefulSet } from '../cache/types';

/** @internal */
export interface WorkloadMatch {
  component: ComponentScope;
  kind: WorkloadKind;
  object: Deployment | StatefulSet;
}

/**
 * The Deployments and StatefulSets of the given components in one cluster,
 * in each component's team namespace there.
 *
 * @internal
 */
export function findWorkloads(
  cache: ClusterCache,
  components: ComponentScope[],
): WorkloadMatch[] {
  // A cluster that cannot be read says so, even where no component has a
  // namespace to look in.
  cache.assertSynced();
  return components.flatMap(component => {
    // Only the owner team's namespace on this cluster is scanned: the
    // application model leaves a cluster out when the team holds none there.
    const namespace = component.namespaces[cache.name];
    if (!namespace) return [];
    const mine = (o: Deployment | StatefulSet) =>
      component.matches(o.metadata.labels);
    const deployments = cache.list('deployments', namespace);
    const statefulSets = cache.list('statefulsets', namespace);
    return [
      ...deployments
        .filter(mine)
        .map(object => ({ component, kind: 'Deployment' as const, object })),
      ...statefulSets
        .filter(mine)
        .map(object => ({ component, kind: 'StatefulSet' as const, object })),
    ].sort((a, b) =>
      `${a.object.metadata.namespace}/${a.object.metadata.name}`.localeCompare(
        `${b.object.metadata.namespace}/${b.object.metadata.name}`,
      ),
    );
  });
}

/**
 * The one workload a request names; it must belong to the entity, which is
 * what makes an entity permission cover it.
 *
 * @internal
 */
export function findWorkload(
  cache: ClusterCache,
  components: ComponentScope[],
  query: { kind: WorkloadKind; workload: string; namespace?: string },
): WorkloadMatch {
  const matches = findWorkloads(cache, components).filter(
    m =>
      m.kind === query.kind &&
      m.object.metadata.name === query.workload &&
      (!query.namespace || m.object.metadata.namespace === query.namespace),
  );
  if (matches.length === 0) {
    throw new NotFoundError(
      `No ${query.kind} ${query.namespace ? `${query.namespace}/` : ''}${
        query.workload
      } of this entity in cluster ${cache.name}`,
    );
  }
  if (matches.length > 1) {
    throw new InputError(
      `${query.kind} ${query.workload} exists in several namespaces; add namespace`,
    );
  }
  return matches[0];
}
