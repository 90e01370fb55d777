import { CatalogApi } from '@backstage/plugin-catalog-react';

/** What the catalog holds under a component name. */
export interface ComponentNameUse {
  /** The component's ref, e.g. `component:default/shop-api`. */
  ref: string;
  /** Its owner, as in `spec.owner`. */
  owner?: string;
}

/**
 * The component named `name` in any namespace, or undefined when the name is
 * free. Names are compared as the catalog does (case-insensitively), and the
 * namespace is ignored because the name also becomes the repository and the
 * Deployment, which have no catalog namespace.
 */
export async function findComponent(
  catalogApi: CatalogApi,
  name: string,
): Promise<ComponentNameUse | undefined> {
  const { items } = await catalogApi.getEntities({
    filter: { kind: 'Component', 'metadata.name': name },
    fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
  });
  const found = items[0];
  if (!found) return undefined;
  const namespace = found.metadata.namespace ?? 'default';
  return {
    ref: `component:${namespace}/${found.metadata.name}`,
    owner: typeof found.spec?.owner === 'string' ? found.spec.owner : undefined,
  };
}
