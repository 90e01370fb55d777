import { NotAllowedError } from '@backstage/errors';
import {
  ApplicationModel,
  ComponentScope,
  KubernetesClusters,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { ActingPerson } from '../scope/ActingPerson';
import {
  Binding,
  pipelineGrantNamespace,
  PipelineGrantRoles,
} from './pipelineGrants';
import {
  FIELD_MANAGER,
  ListedObject,
  message,
  noteItem,
  objectItem,
} from './planItems';
import { RESOURCE_KINDS, ResourceKind } from './resourceKinds';

/** The standard label naming the application a workload is part of. */
const PART_OF_LABEL = 'app.kubernetes.io/part-of';

/** Namespace on one cluster → the Components whose team holds it. */
export type NamespaceOwners = Map<string, ComponentScope[]>;

/** @internal */
export interface ClusterPlan {
  items: DecommissionItem[];
  blockers: string[];
  /** The namespaces that were looked in (the person may act there). */
  searched: string[];
}

/** An object as {@link ClusterPlanner} keeps it. */
interface Listed extends Binding {
  metadata: ListedObject;
}

interface Context {
  acting: ActingPerson;
  /** For a System: objects labelled part of it belong to it too. */
  system?: { ref: string; name: string };
}

/** Said of every binding the platform's identity removes. */
const PLATFORM_NOTE =
  "Removed with the platform's identity: Paasport made this grant for the pipeline's account, and people cannot change RBAC";

/**
 * The objects of one cluster a decommission would remove.
 *
 * @internal
 */
export class ClusterPlanner {
  constructor(
    private readonly options: {
      model: Pick<ApplicationModel, 'objectsFor'>;
      clusters: KubernetesClusters;
      grantRoles: PipelineGrantRoles;
      timeoutMs?: number;
    },
  ) {}

  async plan(
    cluster: string,
    owners: NamespaceOwners,
    context: Context,
  ): Promise<ClusterPlan> {
    const plan: ClusterPlan = { items: [], blockers: [], searched: [] };
    const allowed: NamespaceOwners = new Map();
    for (const [namespace, components] of owners) {
      try {
        context.acting.assertMayActIn(cluster, namespace);
        allowed.set(namespace, components);
      } catch (error) {
        if (!(error instanceof NotAllowedError)) throw error;
        // Not even listed: the preview shows nothing of another team.
        plan.items.push(
          noteItem(
            `kubernetes:${cluster}:not-allowed:${namespace}`,
            `Objects in ${namespace} on ${cluster}`,
            `Not looked up: ${error.message}`,
          ),
        );
        plan.blockers.push(error.message);
      }
    }
    if (allowed.size === 0) return plan;

    // Listed as the person: the cluster's RBAC bounds the preview too, and
    // the person's team role may read its Secrets where the portal may not.
    const objects = this.options.model.objectsFor(
      cluster,
      context.acting.person,
      FIELD_MANAGER,
    );
    const namespaced = RESOURCE_KINDS.filter(k => !k.clusterScoped);
    const lists = [...allowed].flatMap(([namespace, components]) =>
      namespaced.map(kind =>
        this.collect(objects, kind, namespace, components, context),
      ),
    );
    for (const result of await Promise.all(lists)) {
      plan.items.push(...result.items);
      plan.blockers.push(...result.blockers);
    }
    const grants = await this.clusterGrants(cluster, allowed, context);
    plan.items.push(...grants.items);
    plan.blockers.push(...grants.blockers);
    plan.searched = [...allowed.keys()];
    return plan;
  }

  /** The objects of one kind in a namespace that belong to the scope. */
  private async collect(
    objects: KubernetesObjects,
    kind: ResourceKind,
    namespace: string,
    components: ComponentScope[],
    context: Context,
  ): Promise<{ items: DecommissionItem[]; blockers: string[] }> {
    const cluster = objects.cluster.name;
    let listed: Listed[];
    try {
      listed = await this.list(objects, kind, namespace);
    } catch (error) {
      if (kind.optional && /does not serve/.test(message(error))) {
        return { items: [], blockers: [] }; // its operator is not installed
      }
      return {
        items: [],
        blockers: [
          `Cluster ${cluster}: could not list ${
            kind.kind
          }s in ${namespace}: ${message(error)}`,
        ],
      };
    }
    const items: DecommissionItem[] = [];
    for (const object of listed) {
      const entityRef = ownerOf(object, components, context);
      if (!entityRef) continue;
      const meta = object.metadata;
      if (!kind.grant) {
        items.push(objectItem(cluster, kind, meta, { entityRef }));
      } else if (
        pipelineGrantNamespace(
          object,
          'RoleBinding',
          this.options.grantRoles,
        ) === namespace
      ) {
        items.push(
          objectItem(cluster, kind, meta, { entityRef, note: PLATFORM_NOTE }),
        );
      } else {
        const item = objectItem(cluster, kind, meta, { entityRef });
        items.push(
          noteItem(
            item.key,
            item.title,
            `Left alone: a binding to ${object.roleRef?.name} is not a grant Paasport made for a pipeline, and people cannot change RBAC in a team namespace; an admin can remove it`,
            entityRef,
          ),
        );
      }
    }
    return { items, blockers: [] };
  }

  /**
   * Tekton Triggers' cluster-wide grants to the pipeline accounts of the
   * allowed namespaces (the only cluster-scoped objects removed). Read with the portal's identity: a team cannot read
   * cluster-wide bindings, and only Paasport's own grants are considered.
   */
  private async clusterGrants(
    cluster: string,
    allowed: NamespaceOwners,
    context: Context,
  ): Promise<{ items: DecommissionItem[]; blockers: string[] }> {
    const kind = RESOURCE_KINDS.find(k => k.kind === 'ClusterRoleBinding')!;
    const platform = new KubernetesObjects(
      this.options.clusters.get(cluster)!,
      {
        fieldManager: FIELD_MANAGER,
      },
    );
    let listed: Listed[];
    try {
      listed = await this.list(platform, kind);
    } catch (error) {
      return {
        items: [],
        blockers: [
          `Cluster ${cluster}: could not list ClusterRoleBindings: ${message(
            error,
          )}`,
        ],
      };
    }
    const items: DecommissionItem[] = [];
    for (const object of listed) {
      const namespace = pipelineGrantNamespace(
        object,
        'ClusterRoleBinding',
        this.options.grantRoles,
      );
      const components = namespace && allowed.get(namespace);
      const entityRef = components && ownerOf(object, components, context);
      if (entityRef) {
        items.push(
          objectItem(
            cluster,
            kind,
            { ...object.metadata, namespace: undefined },
            { entityRef, note: PLATFORM_NOTE },
          ),
        );
      }
    }
    return { items, blockers: [] };
  }

  /**
   * Lists a kind and keeps names, uids, labels and a binding's role and
   * subjects only: a Secret's data is dropped as soon as it arrives, so it
   * can never reach a preview, a run or a log.
   */
  private async list(
    objects: KubernetesObjects,
    kind: ResourceKind,
    namespace?: string,
  ): Promise<Listed[]> {
    const items = await objects.list<Binding>(
      kind,
      { namespace },
      { timeoutMs: this.options.timeoutMs },
    );
    return items.flatMap(({ metadata, roleRef, subjects }) =>
      metadata.name && metadata.uid
        ? [
            {
              metadata: {
                name: metadata.name,
                namespace: metadata.namespace ?? namespace,
                uid: metadata.uid,
                labels: metadata.labels,
              },
              ...(kind.grant && { roleRef, subjects }),
            },
          ]
        : [],
    );
  }
}

/** The Component (or System) an object belongs to, by its labels. */
function ownerOf(
  object: Listed,
  components: ComponentScope[],
  context: Context,
): string | undefined {
  const { labels } = object.metadata;
  const component = components.find(c => c.matches(labels));
  if (component) return component.entityRef;
  const { system } = context;
  if (system && labels?.[PART_OF_LABEL] === system.name) {
    return system.ref;
  }
  return undefined;
}
