import {
  KubernetesCluster,
  KubernetesClusters,
  kubernetesErrorStatus,
} from '@paasport/kubernetes-node';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { DecommissionScope } from '../scope/EntityScope';
import {
  kindOrder,
  RESOURCE_KINDS,
  resourcePath,
  ResourceKind,
  WORKLOAD_KINDS,
} from './resourceKinds';
import { EntitySelector, entitySelector, partOfSelector } from './selectors';

/** What the planner needs of a listed object. */
interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  labels?: Record<string, string>;
}

interface ObjectList {
  items?: Array<{ metadata?: Partial<ObjectMeta> }>;
}

/**
 * The namespace the owner of a Component has on a cluster, from the team's
 * `paasport.io/namespace(s)` annotations; undefined if none.
 *
 * @internal
 */
export type OwnerNamespace = (
  componentRef: string,
  cluster: string,
) => string | undefined;

/** @internal */
export interface KubernetesPlan {
  items: DecommissionItem[];
  blockers: string[];
}

/**
 * Lists, on every cluster, the objects of the entities in scope: the same
 * selectors the console uses, in the namespaces they run in.
 *
 * @internal
 */
export class KubernetesPlanner {
  constructor(
    private readonly options: {
      clusters: KubernetesClusters;
      timeoutMs?: number;
    },
  ) {}

  async plan(
    scope: DecommissionScope,
    ownerNamespace: OwnerNamespace,
  ): Promise<KubernetesPlan> {
    const items: DecommissionItem[] = [];
    const blockers: string[] = [];
    const selectors: EntitySelector[] = [];
    for (const component of scope.components) {
      const ref = stringifyEntityRef(component);
      const selector = entitySelector(component, ref);
      if (selector) {
        selectors.push(selector);
      } else {
        items.push({
          key: `kubernetes:unannotated:${ref}`,
          step: 'kubernetes',
          action: 'none',
          title: `${component.metadata.name}: nothing to look up on the clusters`,
          entityRef: ref,
          note: 'No backstage.io/kubernetes-id or kubernetes-label-selector annotation',
          target: { type: 'none' },
        });
      }
    }
    if (selectors.length === 0) {
      return { items, blockers };
    }
    const extra =
      scope.kind === 'System'
        ? partOfSelector(scope.root, scope.rootRef)
        : undefined;
    const perCluster = await Promise.all(
      this.options.clusters
        .list()
        .map(cluster =>
          this.planCluster(cluster, selectors, extra, ownerNamespace),
        ),
    );
    for (const result of perCluster) {
      items.push(...result.items);
      blockers.push(...result.blockers);
    }
    return { items: sortItems(items), blockers };
  }

  private async planCluster(
    cluster: KubernetesCluster,
    selectors: EntitySelector[],
    application: EntitySelector | undefined,
    ownerNamespace: OwnerNamespace,
  ): Promise<KubernetesPlan> {
    const items = new Map<string, DecommissionItem>();
    const blockers: string[] = [];
    const forbidden = new Map<string, DecommissionItem>();
    const fail = (what: string, error: unknown) =>
      blockers.push(
        `Cluster ${cluster.name}: could not list ${what}: ${message(error)}`,
      );

    const allNamespaces = new Set<string>();
    for (const selector of selectors) {
      let namespaces: string[];
      try {
        namespaces = await this.namespacesOf(
          cluster,
          selector,
          ownerNamespace(selector.entityRef, cluster.name),
        );
      } catch (error) {
        fail(`the workloads of ${selector.entityRef}`, error);
        continue;
      }
      for (const namespace of namespaces) {
        allNamespaces.add(namespace);
        await this.collect(
          cluster,
          selector,
          namespace,
          items,
          forbidden,
          fail,
        );
      }
    }
    // Cluster-scoped objects are found by label alone, on every cluster.
    for (const selector of selectors) {
      await this.collect(cluster, selector, undefined, items, forbidden, fail);
    }
    if (application) {
      for (const namespace of allNamespaces) {
        await this.collect(
          cluster,
          application,
          namespace,
          items,
          forbidden,
          fail,
        );
      }
    }
    return { items: [...items.values(), ...forbidden.values()], blockers };
  }

  /**
   * Where a service runs: its annotated namespace; else its team's
   * namespace on this cluster plus wherever its workloads are found.
   */
  private async namespacesOf(
    cluster: KubernetesCluster,
    selector: EntitySelector,
    teamNamespace: string | undefined,
  ): Promise<string[]> {
    if (selector.namespace) return [selector.namespace];
    const found = new Set<string>(teamNamespace ? [teamNamespace] : []);
    for (const kind of WORKLOAD_KINDS) {
      const list = await cluster.getJson<ObjectList>(
        resourcePath(kind),
        { labelSelector: selector.labelSelector },
        { timeoutMs: this.options.timeoutMs },
      );
      for (const item of list.items ?? []) {
        if (item.metadata?.namespace) found.add(item.metadata.namespace);
      }
    }
    return [...found].sort();
  }

  /** The objects of one selector in a namespace, or cluster-wide without one. */
  private async collect(
    cluster: KubernetesCluster,
    selector: EntitySelector,
    namespace: string | undefined,
    items: Map<string, DecommissionItem>,
    forbidden: Map<string, DecommissionItem>,
    fail: (what: string, error: unknown) => void,
  ) {
    const where = namespace ?? 'the cluster';
    const kinds = RESOURCE_KINDS.filter(
      k => !k.clusterScoped === (namespace !== undefined),
    );
    for (const kind of kinds) {
      let list: ObjectList;
      try {
        list = await cluster.getJson<ObjectList>(
          resourcePath(kind, namespace),
          { labelSelector: selector.labelSelector },
          { timeoutMs: this.options.timeoutMs },
        );
      } catch (error) {
        const status = kubernetesErrorStatus(error);
        if (status === 404 && kind.optional) continue; // CRD not installed
        if (status === 403) {
          const key = `kubernetes:${cluster.name}:forbidden:${kind.kind}:${where}`;
          forbidden.set(key, {
            key,
            step: 'kubernetes',
            action: 'none',
            title: `${kind.kind}s in ${where} on ${cluster.name}`,
            note: `The portal may not list ${kind.kind}s there (${message(
              error,
            )}); any the service has are not removed`,
            target: { type: 'none' },
          });
          continue;
        }
        fail(`${kind.kind}s in ${where}`, error);
        continue;
      }
      for (const object of list.items ?? []) {
        const meta = object.metadata;
        if (!meta?.name || !meta.uid) continue;
        const item = objectItem(cluster.name, kind, {
          name: meta.name,
          namespace: meta.namespace ?? namespace,
          uid: meta.uid,
        });
        if (!items.has(item.key)) {
          items.set(item.key, { ...item, entityRef: selector.entityRef });
        }
      }
    }
  }
}

function objectItem(
  cluster: string,
  kind: ResourceKind,
  meta: ObjectMeta,
): DecommissionItem {
  const path = meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
  return {
    key: `kubernetes:${cluster}:${kind.apiVersion}/${kind.kind}:${path}`,
    step: 'kubernetes',
    action: 'delete',
    title: `${kind.kind} ${path} on ${cluster}`,
    target: {
      type: 'kubernetes',
      cluster,
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
    },
  };
}

/** Removal order: by kind, then cluster, namespace and name. */
function sortItems(items: DecommissionItem[]): DecommissionItem[] {
  const order = (item: DecommissionItem) =>
    item.target.type === 'kubernetes'
      ? kindOrder(item.target.kind)
      : Number.MAX_SAFE_INTEGER;
  return [...items].sort(
    (a, b) => order(a) - order(b) || a.key.localeCompare(b.key),
  );
}

/** The API server's message, without the secret-free but noisy body. */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
