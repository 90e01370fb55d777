import { ConflictError } from '@backstage/errors';
import { kubernetesErrorStatus } from '../clientNode';
import { KubernetesIdentity } from '../impersonation';
import { KubernetesCallOptions, KubernetesCluster } from '../KubernetesCluster';
import { objectPath } from './ResourceDiscovery';
import { retryRead } from './retry';
import { translateKubernetesError } from './translateError';
import {
  KubernetesDeleteOutcome,
  KubernetesKind,
  KubernetesObject,
  KubernetesObjectRef,
  KubernetesPatchType,
} from './types';

const PATCH_CONTENT_TYPES: Record<KubernetesPatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  'strategic-merge': 'application/strategic-merge-patch+json',
};

/**
 * Who acts and under which field manager.
 *
 * @public
 */
export interface KubernetesObjectsOptions {
  /**
   * The person the calls are made for. Leave it out only for the platform's
   * own work (watch caches, discovery, objects Paasport itself owns such as
   * team quotas): then the API server sees the portal's identity.
   */
  as?: KubernetesIdentity;
  /** Recorded by the API server as the writer (`managedFields`). */
  fieldManager: string;
}

/**
 * Paasport's one object layer over a cluster: get, list, server-side apply,
 * patch and exact deletes, with discovery of kinds, impersonation, one retry
 * rule for reads and one error translation.
 *
 * @remarks
 * Every failure is a Backstage error (see {@link translateKubernetesError})
 * whose message names the cluster and the object; the status stays readable
 * with `kubernetesErrorStatus`.
 *
 * @public
 */
export class KubernetesObjects {
  constructor(
    readonly cluster: KubernetesCluster,
    private readonly options: KubernetesObjectsOptions,
  ) {}

  /** The identity calls are made as, if not the portal's. */
  get identity(): KubernetesIdentity | undefined {
    return this.options.as;
  }

  /** Reads one object; undefined if it does not exist. */
  async get<T extends KubernetesObject>(
    ref: KubernetesObjectRef,
    options: KubernetesCallOptions = {},
  ): Promise<T | undefined> {
    const path = await this.pathOf(ref, ref.namespace, ref.name);
    try {
      return await retryRead(
        () => this.cluster.requestJson<T>(this.request('GET', path, options)),
        options.signal,
      );
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return undefined;
      throw translateKubernetesError(error, this.describe('read', ref));
    }
  }

  /** Lists a kind in one namespace, or in all if `namespace` is left out. */
  async list<T extends KubernetesObject>(
    type: KubernetesKind,
    query: { namespace?: string; labelSelector?: string } = {},
    options: KubernetesCallOptions = {},
  ): Promise<T[]> {
    const path = await this.pathOf(type, query.namespace);
    try {
      const list = await retryRead(
        () =>
          this.cluster.requestJson<{ items: T[] }>({
            ...this.request('GET', path, options),
            query: { labelSelector: query.labelSelector },
          }),
        options.signal,
      );
      return list.items;
    } catch (error) {
      const where = query.namespace ? ` in ${query.namespace}` : '';
      throw translateKubernetesError(
        error,
        `${this.cluster.name}: list ${type.kind}${where}${this.byWhom()}`,
      );
    }
  }

  /**
   * Server-side apply: the object as this field manager wants it. `force`
   * takes over fields another manager set (as `kubectl apply
   * --server-side --force-conflicts`); without it such a conflict is a
   * ConflictError naming the fields.
   */
  async apply<T extends KubernetesObject>(
    object: T & KubernetesKind,
    options: KubernetesCallOptions & {
      force?: boolean;
      /**
       * Server-side dry run: the API server runs admission and RBAC and
       * answers what it would store, and stores nothing.
       */
      dryRun?: boolean;
    } = {},
  ): Promise<T & KubernetesObject> {
    const { name, namespace } = object.metadata;
    if (!name) throw new Error(`Cannot apply a ${object.kind} without a name`);
    const ref = { ...object, name, namespace };
    const path = await this.pathOf(object, namespace, name);
    try {
      return await this.cluster.requestJson<T & KubernetesObject>({
        ...this.request('PATCH', path, options),
        query: {
          fieldManager: this.options.fieldManager,
          force: options.force ? true : undefined,
          dryRun: options.dryRun ? 'All' : undefined,
        },
        body: object,
        contentType: 'application/apply-patch+yaml',
      });
    } catch (error) {
      throw translateKubernetesError(error, this.describe('apply', ref));
    }
  }

  /**
   * Creates an object that must not exist yet: if one of that name does, a
   * ConflictError says so and nothing is changed (unlike {@link apply},
   * which would take it over).
   */
  async create<T extends KubernetesObject>(
    object: T & KubernetesKind,
    options: KubernetesCallOptions = {},
  ): Promise<T & KubernetesObject> {
    const { name, namespace } = object.metadata;
    if (!name) throw new Error(`Cannot create a ${object.kind} without a name`);
    const ref = { ...object, name, namespace };
    const path = await this.pathOf(object, namespace);
    try {
      return await this.cluster.requestJson<T & KubernetesObject>({
        ...this.request('POST', path, options),
        query: { fieldManager: this.options.fieldManager },
        body: object,
      });
    } catch (error) {
      if (kubernetesErrorStatus(error) === 409) {
        throw new ConflictError(
          `${this.describe(
            'create',
            ref,
          )}: it already exists; nothing was changed`,
          error,
        );
      }
      throw translateKubernetesError(error, this.describe('create', ref));
    }
  }

  /** Patches one object; a JSON patch may carry a resourceVersion test. */
  async patch<T extends KubernetesObject>(
    ref: KubernetesObjectRef,
    patch: unknown,
    type: KubernetesPatchType,
    options: KubernetesCallOptions = {},
  ): Promise<T> {
    const path = await this.pathOf(ref, ref.namespace, ref.name);
    try {
      return await this.cluster.requestJson<T>({
        ...this.request('PATCH', path, options),
        query: { fieldManager: this.options.fieldManager },
        body: patch,
        contentType: PATCH_CONTENT_TYPES[type],
      });
    } catch (error) {
      throw translateKubernetesError(error, this.describe('patch', ref));
    }
  }

  /**
   * Sets a workload's replicas through its `/scale` subresource, as
   * `kubectl scale` does: only the count changes, so a person's RBAC needs
   * `update` on `deployments/scale` rather than on the whole object, and the
   * pod template (and with it the revision history) is left alone.
   *
   * @returns the replicas the object now asks for.
   */
  async scale(
    ref: KubernetesObjectRef,
    replicas: number,
    options: KubernetesCallOptions = {},
  ): Promise<number> {
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new Error(`Refusing to scale ${ref.kind} ${ref.name} to ${replicas}`);
    }
    const path = `${await this.pathOf(ref, ref.namespace, ref.name)}/scale`;
    try {
      const scale = await this.cluster.requestJson<{
        spec?: { replicas?: number };
      }>({
        ...this.request('PATCH', path, options),
        query: { fieldManager: this.options.fieldManager },
        body: { spec: { replicas } },
        contentType: PATCH_CONTENT_TYPES.merge,
      });
      return scale.spec?.replicas ?? replicas;
    } catch (error) {
      throw translateKubernetesError(error, this.describe('scale', ref));
    }
  }

  /**
   * Deletes exactly the object with this uid: if the name now belongs to a
   * newer object, nothing is deleted and a ConflictError says so.
   *
   * @remarks
   * Precondition and propagation go in the DeleteOptions body: the API
   * server ignores the `propagationPolicy` query parameter when a body is
   * sent, and a Job's default (orphan) would leave its Pods behind.
   */
  async delete(
    ref: KubernetesObjectRef & { uid: string },
    options: KubernetesCallOptions & {
      propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
    } = {},
  ): Promise<KubernetesDeleteOutcome> {
    if (!ref.uid) {
      throw new Error(
        `Refusing to delete ${ref.kind} ${ref.name} without its uid`,
      );
    }
    const path = await this.pathOf(ref, ref.namespace, ref.name);
    try {
      await this.cluster.requestJson({
        ...this.request('DELETE', path, options),
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: options.propagationPolicy ?? 'Background',
          preconditions: { uid: ref.uid },
        },
      });
      return 'deleted';
    } catch (error) {
      const status = kubernetesErrorStatus(error);
      if (status === 404) return 'absent';
      if (status === 409) {
        throw new ConflictError(
          `${this.describe(
            'delete',
            ref,
          )}: it was replaced by a newer object ` +
            `(uid ${ref.uid} is gone); nothing was deleted`,
          error,
        );
      }
      throw translateKubernetesError(error, this.describe('delete', ref));
    }
  }

  private async pathOf(
    type: KubernetesKind,
    namespace?: string,
    name?: string,
  ): Promise<string> {
    const resource = await this.cluster.discovery.resourceOf(type);
    return objectPath(type, resource, namespace, name);
  }

  private request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: KubernetesCallOptions,
  ) {
    return { ...options, method, path, impersonate: this.options.as };
  }

  private describe(verb: string, ref: KubernetesObjectRef): string {
    const where = ref.namespace ? `${ref.namespace}/` : '';
    return `${this.cluster.name}: ${verb} ${ref.kind} ${where}${
      ref.name
    }${this.byWhom()}`;
  }

  private byWhom(): string {
    return this.options.as ? ` as ${this.options.as.user}` : '';
  }
}
