import {
  ApplicationModel,
  KubernetesClusters,
  KubernetesKind,
  KubernetesObjects,
  Person,
} from '@paasport/kubernetes-node';
import { InputError } from '@backstage/errors';
import { NamespacedKinds, readNamespacedKinds } from './namespacedKinds';

/**
 * The calls of Paasport's object layer (`KubernetesObjects`) the actions
 * make.
 *
 * @public
 */
export type ObjectLayer = Pick<
  KubernetesObjects,
  'get' | 'list' | 'apply' | 'create' | 'delete'
>;

/**
 * The clusters as the actions reach them, under one of three identities.
 *
 * @remarks
 * The portal's own identity only reads (checks before anything is made,
 * what a namespace holds). The platform's identity (a ServiceAccount the
 * portal impersonates, `paasport.tenancy.platformServiceAccount`) makes only
 * the platform's own objects: a team's Namespace, its ResourceQuota,
 * LimitRange and RoleBindings, and a pipeline account's bindings. Everything
 * a template brings is written as the person who started the task, so the
 * cluster's RBAC decides it and its audit log names them.
 *
 * @public
 */
export interface ClusterAccess {
  /** The configured clusters' names. */
  names(): string[];
  /** The portal's own identity: reads only. */
  portal(cluster: string): ObjectLayer;
  /** The platform's identity, for the platform's own objects only. */
  platform(cluster: string): ObjectLayer;
  /** Acting as `person` (Kubernetes impersonation). */
  as(cluster: string, person: Person): ObjectLayer;
  /** Whether the cluster serves `type` per namespace; throws if not served. */
  isNamespaced(cluster: string, type: KubernetesKind): Promise<boolean>;
  /** Every namespaced kind the cluster serves that can be listed. */
  namespacedKinds(cluster: string): Promise<NamespacedKinds>;
}

/**
 * {@link ClusterAccess} over the configured clusters and the application
 * model's impersonation.
 *
 * @public
 */
export class KubernetesClusterAccess implements ClusterAccess {
  private readonly kinds = new Map<
    string,
    { expires: number; value: Promise<NamespacedKinds> }
  >();

  constructor(
    private readonly options: {
      clusters: KubernetesClusters;
      model: Pick<ApplicationModel, 'objectsFor' | 'platformObjects'>;
      fieldManager: string;
    },
  ) {}

  names(): string[] {
    return this.options.clusters.list().map(c => c.name);
  }

  portal(cluster: string): ObjectLayer {
    return new KubernetesObjects(this.cluster(cluster), {
      fieldManager: this.options.fieldManager,
    });
  }

  platform(cluster: string): ObjectLayer {
    this.cluster(cluster);
    return this.options.model.platformObjects(
      cluster,
      this.options.fieldManager,
    );
  }

  as(cluster: string, person: Person): ObjectLayer {
    this.cluster(cluster);
    return this.options.model.objectsFor(
      cluster,
      person,
      this.options.fieldManager,
    );
  }

  async isNamespaced(cluster: string, type: KubernetesKind): Promise<boolean> {
    const resource = await this.cluster(cluster).discovery.resourceOf(type);
    return resource.namespaced;
  }

  namespacedKinds(cluster: string): Promise<NamespacedKinds> {
    // Only undo of a namespace asks, rarely; five minutes like discovery.
    const cached = this.kinds.get(cluster);
    if (cached && cached.expires > Date.now()) return cached.value;
    const value = readNamespacedKinds(this.cluster(cluster));
    this.kinds.set(cluster, { expires: Date.now() + 5 * 60_000, value });
    value.catch(() => this.kinds.delete(cluster));
    return value;
  }

  private cluster(name: string) {
    const cluster = this.options.clusters.get(name);
    if (!cluster) {
      throw new InputError(
        `Unknown cluster '${name}'; known clusters: ${
          this.names().join(', ') || 'none'
        }`,
      );
    }
    return cluster;
  }
}
