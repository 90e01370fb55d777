import {
  KubernetesClusters,
  kubernetesErrorStatus,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { ProviderError } from '@paasport/plugin-marketplace-node';
import { invalid, isNotServed } from '../kube/errors';
import { servedKind } from '../kube/kinds';
import { decodeLocation } from '../kube/location';
import { FIELD_MANAGER, LABELS, selector } from '../kube/names';
import { KubeObject, Location, ResourceType } from '../kube/types';

const MAX_CACHED = 5_000;

/** What a provider call knows about an instance's whereabouts. */
export interface InstanceHint {
  instanceId: string;
  operation?: string;
  cluster?: string;
  namespace?: string;
}

/**
 * Finds where an instance lives: the cluster and namespace of its objects.
 *
 * @remarks
 * The marketplace records the cluster and namespace on the request and
 * passes them with every call. Requests recorded without them (older rows)
 * fall back to memory, the operation token while one is in flight, or
 * listing the instance's labelled objects across the candidate clusters (the
 * plan's pinned cluster, else all). An unreachable candidate makes that
 * lookup fail (retryable) rather than answer "not found": absence must be
 * proven.
 *
 * That search is the one thing done with the portal's own identity: it
 * lists custom resources (never Secrets) across all namespaces, which no
 * team may, and it only reads. Everything an instance's objects are read,
 * written or deleted with acts as a person (see `OperatorProvider`).
 */
export class InstanceLocator {
  private readonly known = new Map<string, Location>();

  constructor(private readonly clusters: KubernetesClusters) {}

  /**
   * The cluster a new instance goes to: the one the marketplace placed the
   * request on (the team's namespace was verified there); a plan pinned to
   * another cluster refuses it rather than going where nothing was checked.
   */
  chooseCluster(pinned: string | undefined, requested: string | undefined) {
    if (pinned && requested && pinned !== requested) {
      throw invalid(
        `This plan runs on cluster '${pinned}'; '${requested}' was requested`,
      );
    }
    const name = requested ?? pinned;
    if (name) {
      if (!this.clusters.get(name)) {
        throw invalid(`No cluster '${name}' is configured`);
      }
      return name;
    }
    const all = this.clusters.list();
    if (all.length === 1) return all[0].name;
    throw invalid(
      `Choose a cluster: the plan sets no providerOptions.cluster and the request none (configured: ${all
        .map(c => c.name)
        .join(', ')})`,
    );
  }

  remember(instanceId: string, location: Location) {
    if (this.known.size >= MAX_CACHED) {
      this.known.delete(this.known.keys().next().value!);
    }
    this.known.set(instanceId, location);
  }

  forget(instanceId: string) {
    this.known.delete(instanceId);
  }

  /**
   * Where the instance is known to be without asking any cluster: as the
   * marketplace recorded it on the request (`cluster` and `namespace` of the
   * reference), from memory, or from the operation token.
   */
  recall(ref: InstanceHint): Location | undefined {
    if (ref.cluster && ref.namespace) {
      return { cluster: ref.cluster, namespace: ref.namespace };
    }
    return this.known.get(ref.instanceId) ?? decodeLocation(ref.operation);
  }

  /**
   * Where the instance is, or undefined when none of its objects exists on
   * any candidate cluster.
   */
  async locate(
    ref: InstanceHint,
    pinned: string | undefined,
    types: ResourceType[],
  ): Promise<Location | undefined> {
    const known = this.recall(ref);
    if (known) return known;
    const found = await this.search(
      ref.instanceId,
      pinned ?? ref.cluster,
      types,
    );
    if (found) this.remember(ref.instanceId, found);
    return found;
  }

  /** Lists the labelled objects of the given (namespaced, non-core) types. */
  async search(
    instanceId: string,
    pinned: string | undefined,
    types: ResourceType[],
  ): Promise<Location | undefined> {
    const candidates = pinned
      ? [pinned]
      : this.clusters.list().map(c => c.name);
    const labelSelector = selector({ [LABELS.instance]: instanceId });
    const failures: string[] = [];
    for (const cluster of candidates) {
      try {
        const found = this.clusters.get(cluster);
        if (!found) throw invalid(`No cluster '${cluster}' is configured`);
        const objects = new KubernetesObjects(found, {
          fieldManager: FIELD_MANAGER,
        });
        for (const type of types.filter(t => t.group !== '')) {
          const [first] = await objects.list<KubeObject>(
            await servedKind(found, type),
            { labelSelector },
          );
          if (first?.metadata.namespace) {
            return { cluster, namespace: first.metadata.namespace };
          }
        }
      } catch (error) {
        // A cluster that does not serve the operator's API, or where the
        // portal may not even list its kind (the API server answers 403 for
        // unknown resources too), cannot hold an instance the portal made.
        // Only for the plan's own cluster is that an error worth reporting.
        const status = kubernetesErrorStatus(error);
        if (isNotServed(error) || status === 404) continue;
        if (status === 403 && !pinned) continue;
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length > 0) {
      throw new ProviderError(
        `Cannot tell where instance ${instanceId} is: ${failures.join('; ')}`,
        { retryable: true },
      );
    }
    return undefined;
  }
}
