import { Entity } from '@backstage/catalog-model';

/** The annotations the Backstage Kubernetes plugin and the console read. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
export const KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** The standard label naming the application a workload is part of. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/**
 * How to find an entity's objects on the clusters: a label selector in the
 * API server's syntax, and the namespace if the entity names one.
 *
 * @internal
 */
export interface EntitySelector {
  entityRef: string;
  labelSelector: string;
  namespace?: string;
}

/**
 * The selector of a Component, from the same annotations the console uses:
 * `backstage.io/kubernetes-label-selector` as is, else the label
 * `backstage.io/kubernetes-id=<id>`; undefined without either.
 *
 * @remarks
 * An empty or blank selector is refused: the API server would read it as
 * "everything", which must never become a list of things to delete.
 *
 * @internal
 */
export function entitySelector(
  entity: Entity,
  entityRef: string,
): EntitySelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[KUBERNETES_NAMESPACE]?.trim() || undefined;
  const selector = annotations[KUBERNETES_LABEL_SELECTOR]?.trim();
  if (selector) {
    return { entityRef, labelSelector: selector, namespace };
  }
  const id = annotations[KUBERNETES_ID]?.trim();
  if (id) {
    return { entityRef, labelSelector: `${KUBERNETES_ID}=${id}`, namespace };
  }
  return undefined;
}

/**
 * Objects labelled as part of the application, e.g. a ConfigMap its services
 * share. Only looked for in the namespaces its Components run in.
 *
 * @internal
 */
export function partOfSelector(
  system: Entity,
  entityRef: string,
): EntitySelector {
  return {
    entityRef,
    labelSelector: `${PART_OF_LABEL}=${system.metadata.name}`,
  };
}
