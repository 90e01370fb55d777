import {
  KubernetesClusters,
  kubernetesErrorStatus,
} from '@paasport/kubernetes-node';
import { DecommissionTarget } from '@paasport/plugin-decommission-common';
import { RESOURCE_KINDS, resourcePath } from './resourceKinds';

type KubernetesTarget = Extract<DecommissionTarget, { type: 'kubernetes' }>;

/**
 * Deletes the objects a plan lists and waits until they are gone.
 *
 * @internal
 */
export class KubernetesRemover {
  constructor(
    private readonly options: {
      clusters: KubernetesClusters;
      /** How long an object may take to disappear after the delete. */
      goneWaitMs: number;
      timeoutMs?: number;
      pollMs?: number;
    },
  ) {}

  /**
   * Deletes one object. Idempotent: an object that is already gone counts
   * as removed. Resolves with the outcome; throws when it is not gone.
   */
  async remove(target: KubernetesTarget): Promise<string> {
    const cluster = this.options.clusters.get(target.cluster);
    if (!cluster) {
      throw new Error(`Cluster ${target.cluster} is no longer configured`);
    }
    const kind = RESOURCE_KINDS.find(
      k => k.kind === target.kind && k.apiVersion === target.apiVersion,
    );
    if (!kind) {
      throw new Error(`${target.apiVersion} ${target.kind} is not removable`);
    }
    // Background: the object goes at once and the garbage collector removes
    // its ReplicaSets and Pods after it. The uid precondition deletes only
    // the object the preview showed, not one recreated since. Both go in the
    // body: the API server ignores the query's propagationPolicy when a body
    // is sent, and a Job's default would orphan its Pods.
    const request = {
      name: target.name,
      body: {
        propagationPolicy: 'Background',
        preconditions: { uid: target.uid },
      },
    };
    const callOptions = await cluster.callOptions({
      timeoutMs: this.options.timeoutMs,
    });
    // Cluster-scoped kinds have no namespace; every other kind was listed in one.
    const namespaced = { ...request, namespace: target.namespace ?? '' };
    let outcome = 'deleted';
    try {
      if (kind.apiVersion === 'v1') {
        const core = await cluster.api(k8s => k8s.CoreV1Api);
        const remove = {
          Service: () => core.deleteNamespacedService(namespaced, callOptions),
          ConfigMap: () =>
            core.deleteNamespacedConfigMap(namespaced, callOptions),
          Secret: () => core.deleteNamespacedSecret(namespaced, callOptions),
          ServiceAccount: () =>
            core.deleteNamespacedServiceAccount(namespaced, callOptions),
        }[kind.kind];
        if (!remove) throw new Error(`v1 ${kind.kind} is not removable`);
        await remove();
      } else {
        // The generic client builds /apis/<group>/<version>/... paths, which
        // fit every non-core kind, built-in or custom.
        const [group, version] = kind.apiVersion.split('/');
        const objects = await cluster.api(k8s => k8s.CustomObjectsApi);
        const path = { group, version, plural: kind.plural };
        if (kind.clusterScoped) {
          await objects.deleteClusterCustomObject(
            { ...request, ...path },
            callOptions,
          );
        } else {
          await objects.deleteNamespacedCustomObject(
            { ...namespaced, ...path },
            callOptions,
          );
        }
      }
    } catch (error) {
      const status = kubernetesErrorStatus(error);
      if (status === 404) {
        outcome = 'already gone';
      } else if (status === 409) {
        throw new Error(
          `${describe(
            target,
          )} was replaced by a new object since the preview; it was not deleted`,
        );
      } else {
        throw new Error(apiMessage(error));
      }
    }
    await this.waitUntilGone(target, kind);
    return outcome;
  }

  private async waitUntilGone(
    target: KubernetesTarget,
    kind: (typeof RESOURCE_KINDS)[number],
  ) {
    const cluster = this.options.clusters.get(target.cluster)!;
    const path = resourcePath(kind, target.namespace, target.name);
    const deadline = Date.now() + this.options.goneWaitMs;
    for (;;) {
      try {
        const object = await cluster.getJson<{ metadata?: { uid?: string } }>(
          path,
          {},
          { timeoutMs: this.options.timeoutMs },
        );
        if (object.metadata?.uid !== target.uid) {
          throw new Error(
            `${describe(
              target,
            )} was recreated after the delete (a GitOps tool or operator may manage it)`,
          );
        }
      } catch (error) {
        if (kubernetesErrorStatus(error) === 404) return;
        throw error;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${describe(target)} is still terminating after ${Math.round(
            this.options.goneWaitMs / 1000,
          )} s (finalizers?); retry later`,
        );
      }
      await new Promise(r => setTimeout(r, this.options.pollMs ?? 500));
    }
  }
}

function describe(target: KubernetesTarget): string {
  return target.namespace
    ? `${target.kind} ${target.namespace}/${target.name}`
    : `${target.kind} ${target.name}`;
}

/** client-node's ApiException keeps the API server's Status in `body`. */
function apiMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  const code = kubernetesErrorStatus(error);
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body);
      if (typeof parsed?.message === 'string') {
        return `HTTP ${code}: ${parsed.message}`;
      }
    } catch {
      // not JSON: fall through
    }
  }
  if (body && typeof (body as { message?: unknown }).message === 'string') {
    return `HTTP ${code}: ${(body as { message: string }).message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
