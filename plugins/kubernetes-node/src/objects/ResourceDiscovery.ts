import { KubernetesCluster } from '../KubernetesCluster';
import { retryRead } from './retry';
import { KubernetesKind } from './types';

/**
 * Where the API server serves a kind.
 *
 * @public
 */
export interface KubernetesResource {
  /** `deployments`, the path segment of the kind. */
  plural: string;
  namespaced: boolean;
}

/**
 * The cluster does not serve a kind (its CRD is not installed) or a whole
 * group-version.
 *
 * @remarks
 * A type of its own, so callers can tell "this cluster has no Tekton" from a
 * failure, without matching the message.
 *
 * @public
 */
export class KindNotServedError extends Error {
  constructor(
    readonly cluster: string,
    readonly apiVersion: string,
    readonly kind?: string,
  ) {
    super(
      kind
        ? `${cluster}: the cluster does not serve kind ${kind} in ${apiVersion}`
        : `${cluster}: the cluster does not serve ${apiVersion}`,
    );
    this.name = 'KindNotServedError';
  }
}

interface ApiResourceList {
  resources: Array<{ name: string; kind: string; namespaced: boolean }>;
}

const TTL_MS = 5 * 60_000;

/**
 * Finds the resource (plural name, scope) of a kind through the API server's
 * discovery endpoints, one group-version at a time, cached for five minutes.
 *
 * @remarks
 * Discovery rather than a table of plurals, so custom resources of operators
 * and Tekton are handled like built-in kinds; a kind the cluster does not
 * serve (a CRD not installed) is a clear error instead of a 404 on a guessed
 * path. Read with the portal's identity: discovery is not a person's action.
 *
 * @public
 */
export class ResourceDiscovery {
  private readonly groupVersions = new Map<
    string,
    { expires: number; resources: Promise<Map<string, KubernetesResource>> }
  >();

  constructor(private readonly cluster: KubernetesCluster) {}

  /** The resource of `kind`; throws when the cluster does not serve it. */
  async resourceOf(type: KubernetesKind): Promise<KubernetesResource> {
    const resources = await this.resourcesOf(type.apiVersion);
    const resource = resources.get(type.kind);
    if (!resource) {
      // The list may predate a CRD that was just installed: look once more.
      this.groupVersions.delete(type.apiVersion);
      const fresh = (await this.resourcesOf(type.apiVersion)).get(type.kind);
      if (fresh) return fresh;
      throw new KindNotServedError(
        this.cluster.name,
        type.apiVersion,
        type.kind,
      );
    }
    return resource;
  }

  private resourcesOf(
    apiVersion: string,
  ): Promise<Map<string, KubernetesResource>> {
    const cached = this.groupVersions.get(apiVersion);
    if (cached && cached.expires > Date.now()) return cached.resources;
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const resources = retryRead(() =>
      this.cluster.getJson<ApiResourceList>(path),
    ).then(
      list =>
        new Map(
          list.resources
            // Subresources (deployments/scale) share the kind of their parent.
            .filter(r => !r.name.includes('/'))
            .map(r => [r.kind, { plural: r.name, namespaced: r.namespaced }]),
        ),
      error => {
        this.groupVersions.delete(apiVersion);
        if ((error as { code?: number }).code === 404) {
          throw new KindNotServedError(this.cluster.name, apiVersion);
        }
        throw error;
      },
    );
    this.groupVersions.set(apiVersion, {
      expires: Date.now() + TTL_MS,
      resources,
    });
    return resources;
  }
}

/**
 * The API path of a kind's collection (`namespace` given) or of one object.
 *
 * @public
 */
export function objectPath(
  type: KubernetesKind,
  resource: KubernetesResource,
  namespace?: string,
  name?: string,
): string {
  const base = type.apiVersion.includes('/')
    ? `/apis/${type.apiVersion}`
    : `/api/${type.apiVersion}`;
  let path = base;
  if (resource.namespaced) {
    if (namespace) {
      path += `/namespaces/${encodeURIComponent(namespace)}`;
    } else if (name) {
      throw new Error(`${type.kind} ${name} needs a namespace`);
    }
  }
  path += `/${resource.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  return path;
}
