import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WorkloadKind } from '@paasport/plugin-console-common';
import { ClusterCache } from '../cache/ClusterCache';
import { Deployment, StatefulSet } from '../cache/types';
import { LabelPredicate, parseLabelSelector } from './labelSelector';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
const KUBERNETES_LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';

/**
 * How to find one catalog entity's workloads: the same annotations the
 * Backstage Kubernetes plugin reads.
 *
 * @internal
 */
export interface ComponentSelector {
  entityRef: string;
  namespace?: string;
  matches: LabelPredicate;
}

/** @internal */
export interface ResolvedEntity {
  entityRef: string;
  entity: Entity;
  /** The entity itself, or for a System its Components. */
  components: ComponentSelector[];
}

/** @internal */
export interface WorkloadMatch {
  component: ComponentSelector;
  kind: WorkloadKind;
  object: Deployment | StatefulSet;
}

/**
 * The selector of an annotated entity, or undefined if it has none.
 *
 * @internal
 */
export function componentSelector(
  entity: Entity,
): ComponentSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(entity);
  const namespace = annotations[KUBERNETES_NAMESPACE] || undefined;
  const selector = annotations[KUBERNETES_LABEL_SELECTOR];
  if (selector) {
    try {
      return { entityRef, namespace, matches: parseLabelSelector(selector) };
    } catch (error) {
      throw new InputError(
        `${entityRef} has an invalid ${KUBERNETES_LABEL_SELECTOR}: ${
          (error as Error).message
        }`,
      );
    }
  }
  const id = annotations[KUBERNETES_ID];
  if (id) {
    return {
      entityRef,
      namespace,
      matches: labels => labels?.[KUBERNETES_ID] === id,
    };
  }
  return undefined;
}

/**
 * Resolves catalog entities to the workload selectors of their Components,
 * reading the catalog as the requesting user.
 *
 * @internal
 */
export class EntityWorkloads {
  constructor(private readonly catalog: CatalogService) {}

  async resolve(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ResolvedEntity> {
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)}`);
    }
    const entityRef = stringifyEntityRef(entity);
    const own = componentSelector(entity);
    if (own) {
      return { entityRef, entity, components: [own] };
    }
    if (entity.kind.toLowerCase() === 'system') {
      const { items } = await this.catalog.getEntities(
        { filter: { kind: 'Component', 'relations.partOf': entityRef } },
        { credentials },
      );
      const components = items
        .map(componentSelector)
        .filter((c): c is ComponentSelector => Boolean(c))
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
      return { entityRef, entity, components };
    }
    throw new NotFoundError(
      `${entityRef} has no ${KUBERNETES_ID} or ${KUBERNETES_LABEL_SELECTOR} annotation`,
    );
  }
}

/**
 * The Deployments and StatefulSets of the given components in one cluster.
 *
 * @internal
 */
export function findWorkloads(
  cache: ClusterCache,
  components: ComponentSelector[],
): WorkloadMatch[] {
  return components.flatMap(component => {
    // With a namespace annotation only that namespace is scanned.
    const mine = (o: Deployment | StatefulSet) =>
      component.matches(o.metadata.labels);
    const deployments = cache.list('deployments', component.namespace);
    const statefulSets = cache.list('statefulsets', component.namespace);
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
  components: ComponentSelector[],
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
