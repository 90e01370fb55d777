import { KubeObject } from './types';

/**
 * Kubernetes objects by namespace and name. Reads are per entity and so
 * mostly per namespace; the index keeps them from scanning the whole
 * cluster.
 *
 * @internal
 */
export class ObjectIndex<T extends KubeObject> {
  private readonly byNamespace = new Map<string, Map<string, T>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(object: T) {
    const namespace = object.metadata.namespace ?? '';
    let byName = this.byNamespace.get(namespace);
    if (!byName) {
      byName = new Map();
      this.byNamespace.set(namespace, byName);
    }
    if (!byName.has(object.metadata.name)) this.count += 1;
    byName.set(object.metadata.name, object);
  }

  delete(object: T) {
    const namespace = object.metadata.namespace ?? '';
    const byName = this.byNamespace.get(namespace);
    if (byName?.delete(object.metadata.name)) {
      this.count -= 1;
      if (byName.size === 0) this.byNamespace.delete(namespace);
    }
  }

  /** The objects of one namespace, or of all. */
  values(namespace?: string): T[] {
    if (namespace !== undefined) {
      return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    }
    return [...this.byNamespace.values()].flatMap(byName => [
      ...byName.values(),
    ]);
  }
}
