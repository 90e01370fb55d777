import type { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  KubernetesCluster,
  kubernetesErrorStatus,
} from '@paasport/kubernetes-node';
import { toProviderError } from './errors';
import { KubeObject, ResourceType } from './types';

/** Field manager of every write, so `managedFields` say who changed what. */
export const FIELD_MANAGER = 'paasport-marketplace';

const CALL_TIMEOUT_MS = 15_000;
const DISCOVERY_TTL_MS = 10 * 60_000;

/** client-node returns class instances for core kinds; callers get plain JSON. */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The few generic object operations the providers need, on one cluster.
 *
 * @remarks
 * Non-core groups (operators' CRDs, apps, rbac) go through client-node's
 * `CustomObjectsApi`, which is plain REST on `/apis/<group>/<version>`; the
 * core group only through the typed calls for the kinds used here. Every
 * failure surfaces as a `ProviderError` naming the cluster and object.
 */
export class ClusterObjects {
  private readonly versions = new Map<
    string,
    { value: Promise<string>; at: number }
  >();

  constructor(readonly cluster: KubernetesCluster) {}

  get name(): string {
    return this.cluster.name;
  }

  /** `group/version` the cluster serves for this type (first preference that is served). */
  async apiVersion(type: ResourceType): Promise<string> {
    if (type.group === '') return type.versions[0];
    return `${type.group}/${await this.version(type)}`;
  }

  private version(type: ResourceType): Promise<string> {
    if (type.versions.length === 1) return Promise.resolve(type.versions[0]);
    const cached = this.versions.get(type.group);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) {
      return cached.value;
    }
    const value = this.cluster
      .getJson<{ versions?: Array<{ version?: unknown }> }>(
        `/apis/${type.group}`,
        {},
        { timeoutMs: CALL_TIMEOUT_MS },
      )
      .then(group => {
        const served = (group.versions ?? []).map(v => v.version);
        const chosen = type.versions.find(v => served.includes(v));
        if (!chosen) {
          throw toProviderError(
            Object.assign(new Error(`serves ${served.join(', ') || 'none'}`), {
              code: 404,
            }),
            `use ${type.group} ${type.versions.join('/')} on ${this.name}`,
          );
        }
        return chosen;
      })
      .catch(error => {
        this.versions.delete(type.group);
        throw toProviderError(error, `discover ${type.group} on ${this.name}`);
      });
    this.versions.set(type.group, { value, at: Date.now() });
    return value;
  }

  /**
   * Creates an object unless one of that name exists; returns what is there.
   * Creating is the only write: specs are never changed behind an operator.
   */
  async create(
    type: ResourceType,
    body: KubeObject,
  ): Promise<{ object: KubeObject; created: boolean }> {
    const namespace = body.metadata.namespace!;
    const what = `create ${type.kind} ${namespace}/${body.metadata.name} on ${this.name}`;
    const full = {
      ...body,
      apiVersion: await this.apiVersion(type),
      kind: type.kind,
    };
    try {
      const options = await this.cluster.callOptions({
        timeoutMs: CALL_TIMEOUT_MS,
      });
      const created =
        type.group === ''
          ? await this.core(type, 'create', api =>
              type.plural === 'secrets'
                ? api.createNamespacedSecret(
                    {
                      namespace,
                      body: full as any,
                      fieldManager: FIELD_MANAGER,
                    },
                    options,
                  )
                : undefined,
            )
          : await (
              await this.custom()
            ).createNamespacedCustomObject(
              {
                group: type.group,
                version: await this.version(type),
                namespace,
                plural: type.plural,
                body: full,
                fieldManager: FIELD_MANAGER,
                fieldValidation: 'Strict',
              },
              options,
            );
      return { object: plain(created), created: true };
    } catch (error) {
      if (kubernetesErrorStatus(error) === 409) {
        const existing = await this.get(type, namespace, body.metadata.name);
        // Deleted between the 409 and the read: the caller retries.
        if (existing) return { object: existing, created: false };
      }
      throw toProviderError(error, what, { orphanRisk: true });
    }
  }

  /** The object, or undefined when it does not exist. */
  async get(
    type: ResourceType,
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined> {
    try {
      const options = await this.cluster.callOptions({
        timeoutMs: CALL_TIMEOUT_MS,
      });
      const found =
        type.group === ''
          ? await this.core(type, 'read', api => {
              if (type.plural === 'secrets')
                return api.readNamespacedSecret({ name, namespace }, options);
              if (type.plural === 'services')
                return api.readNamespacedService({ name, namespace }, options);
              return undefined;
            })
          : await (
              await this.custom()
            ).getNamespacedCustomObject(
              {
                group: type.group,
                version: await this.version(type),
                namespace,
                plural: type.plural,
                name,
              },
              options,
            );
      return plain(found);
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404 && type.group === '') {
        return undefined;
      }
      if (kubernetesErrorStatus(error) === 404 && (await this.served(type))) {
        return undefined;
      }
      throw toProviderError(
        error,
        `read ${type.kind} ${namespace}/${name} on ${this.name}`,
      );
    }
  }

  /** Objects of a type, in one namespace or (without one) in all of them. */
  async list(
    type: ResourceType,
    query: { namespace?: string; labelSelector?: string },
  ): Promise<KubeObject[]> {
    const { namespace, labelSelector } = query;
    try {
      const options = await this.cluster.callOptions({
        timeoutMs: CALL_TIMEOUT_MS,
      });
      let result: unknown;
      if (type.group === '') {
        result = await this.core(type, 'list', api => {
          const args = { namespace: namespace!, labelSelector };
          if (type.plural === 'secrets')
            return api.listNamespacedSecret(args, options);
          if (type.plural === 'services')
            return api.listNamespacedService(args, options);
          if (type.plural === 'pods')
            return api.listNamespacedPod(args, options);
          return undefined;
        });
      } else {
        const api = await this.custom();
        const base = {
          group: type.group,
          version: await this.version(type),
          plural: type.plural,
          labelSelector,
        };
        result = namespace
          ? await api.listNamespacedCustomObject(
              { ...base, namespace },
              options,
            )
          : await api.listClusterCustomObject(base, options);
      }
      return plain<{ items?: KubeObject[] }>(result).items ?? [];
    } catch (error) {
      throw toProviderError(
        error,
        `list ${type.kind} in ${namespace ?? 'all namespaces'} on ${this.name}`,
      );
    }
  }

  /** Starts deleting an object; false when it was not there. */
  async delete(
    type: ResourceType,
    namespace: string,
    name: string,
  ): Promise<boolean> {
    try {
      const options = await this.cluster.callOptions({
        timeoutMs: CALL_TIMEOUT_MS,
      });
      // Background: the garbage collector removes what the object owns.
      const propagationPolicy = 'Background';
      if (type.group === '') {
        await this.core(type, 'delete', api =>
          type.plural === 'secrets'
            ? api.deleteNamespacedSecret(
                { name, namespace, propagationPolicy },
                options,
              )
            : undefined,
        );
      } else {
        await (
          await this.custom()
        ).deleteNamespacedCustomObject(
          {
            group: type.group,
            version: await this.version(type),
            namespace,
            plural: type.plural,
            name,
            propagationPolicy,
          },
          options,
        );
      }
      return true;
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return false;
      throw toProviderError(
        error,
        `delete ${type.kind} ${namespace}/${name} on ${this.name}`,
      );
    }
  }

  /** Whether the type's API is served at all (tells "no object" from "no CRD"). */
  private async served(type: ResourceType): Promise<boolean> {
    try {
      await this.cluster.getJson(
        `/apis/${type.group}/${await this.version(type)}`,
        {},
        { timeoutMs: CALL_TIMEOUT_MS },
      );
      return true;
    } catch {
      return false;
    }
  }

  private async custom(): Promise<CustomObjectsApi> {
    return this.cluster.api(k8s => k8s.CustomObjectsApi);
  }

  private async core(
    type: ResourceType,
    verb: string,
    call: (api: CoreV1Api) => Promise<unknown> | undefined,
  ): Promise<unknown> {
    const result = call(await this.cluster.api(k8s => k8s.CoreV1Api));
    if (!result) {
      throw new Error(`${verb} of core ${type.plural} is not implemented`);
    }
    return result;
  }
}
