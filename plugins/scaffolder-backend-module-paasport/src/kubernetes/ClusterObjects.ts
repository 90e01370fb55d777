import {
  KubernetesCluster,
  kubernetesErrorStatus,
  loadClientNode,
} from '@paasport/kubernetes-node';
import type {
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';

/**
 * Identifies one object on a cluster.
 *
 * @public
 */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** client-node reports API errors with the Status object as its body. */
function apiMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.slice(0, 300);
    }
  }
  const message = (parsed as { message?: unknown })?.message;
  return typeof message === 'string'
    ? message
    : (error as Error)?.message ?? String(error);
}

/**
 * An error of a cluster call, with the cluster, the object and the API
 * server's own message (which names the denied verb or the invalid field).
 *
 * @public
 */
export class ClusterObjectError extends Error {
  constructor(
    readonly cluster: string,
    readonly ref: ObjectRef,
    readonly status: number | undefined,
    message: string,
  ) {
    super(
      `${cluster}: ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
        ref.name
      }: ${status ? `HTTP ${status}: ` : ''}${message}`,
    );
    this.name = 'ClusterObjectError';
  }
}

/**
 * Generic reads and writes of any kind of object on one cluster, with the
 * portal's credentials: server-side apply, create-if-absent and delete.
 *
 * @public
 */
export class ClusterObjects {
  private apiPromise?: Promise<KubernetesObjectApi>;
  private readonly resources = new Map<string, Promise<ApiResource[]>>();

  constructor(readonly cluster: KubernetesCluster) {}

  get name(): string {
    return this.cluster.name;
  }

  private api(): Promise<KubernetesObjectApi> {
    this.apiPromise ??= Promise.all([
      loadClientNode(),
      this.cluster.kubeConfig(),
    ]).then(([k8s, kc]) => k8s.KubernetesObjectApi.makeApiClient(kc));
    return this.apiPromise;
  }

  /**
   * Whether a kind is namespaced, from the API server's discovery; throws if
   * the cluster does not serve the kind (e.g. Tekton is not installed).
   */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let list = this.resources.get(apiVersion);
    if (!list) {
      list = this.cluster
        .getJson<{ resources: ApiResource[] }>(path)
        .then(r => r.resources);
      this.resources.set(apiVersion, list);
      list.catch(() => this.resources.delete(apiVersion));
    }
    const found = (
      await list.catch(error => {
        if (kubernetesErrorStatus(error) === 404) return [];
        throw error;
      })
    ).find(r => r.kind === kind && !r.name.includes('/'));
    if (!found) {
      throw new ClusterObjectError(
        this.name,
        { apiVersion, kind, name: '' },
        undefined,
        `the cluster does not serve ${kind} in ${apiVersion}`,
      );
    }
    return found.namespaced;
  }

  /** The object, or undefined if it does not exist. */
  async read(ref: ObjectRef): Promise<KubernetesObject | undefined> {
    const api = await this.api();
    try {
      return await api.read({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
      });
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return undefined;
      throw this.wrap(ref, error);
    }
  }

  /**
   * Creates the object unless one with its name exists; never changes an
   * existing object (it may belong to someone else).
   */
  async createIfAbsent(
    object: KubernetesObject,
    options: { fieldManager: string; dryRun?: boolean },
  ): Promise<'created' | 'exists'> {
    const api = await this.api();
    try {
      await api.create(
        object,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager,
      );
      return 'created';
    } catch (error) {
      if (kubernetesErrorStatus(error) === 409) return 'exists';
      throw this.wrap(refOf(object), error);
    }
  }

  /**
   * Server-side apply with a field manager: creates or updates the fields this
   * manager owns; a conflict with another manager's fields fails unless forced.
   */
  async apply(
    object: KubernetesObject,
    options: { fieldManager: string; force?: boolean; dryRun?: boolean },
  ): Promise<KubernetesObject> {
    const [k8s, api] = await Promise.all([loadClientNode(), this.api()]);
    try {
      return await api.patch(
        object,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager,
        options.force ?? false,
        k8s.PatchStrategy.ServerSideApply,
      );
    } catch (error) {
      throw this.wrap(refOf(object), error);
    }
  }

  /**
   * Deletes the object (children in the background, as kubectl does);
   * `gone` if it did not exist.
   */
  async delete(ref: ObjectRef): Promise<'removed' | 'gone'> {
    const api = await this.api();
    try {
      await api.delete(
        {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
      return 'removed';
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return 'gone';
      throw this.wrap(ref, error);
    }
  }

  private wrap(ref: ObjectRef, error: unknown): Error {
    if (error instanceof ClusterObjectError) return error;
    return new ClusterObjectError(
      this.name,
      ref,
      kubernetesErrorStatus(error),
      apiMessage(error),
    );
  }
}

/** The reference of an object from its manifest. */
export function refOf(object: KubernetesObject): ObjectRef {
  return {
    apiVersion: object.apiVersion ?? 'v1',
    kind: object.kind ?? '',
    namespace: object.metadata?.namespace,
    name: object.metadata?.name ?? '',
  };
}
