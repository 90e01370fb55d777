import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { KubernetesCluster } from '@paasport/kubernetes-node';
import { CacheFreshness, ClusterHealth } from '@paasport/plugin-console-common';
import { ClusterProbe } from './ClusterProbe';
import { RetryNudge } from './RetryNudge';
import {
  CollectionStatus,
  WatchedCollection,
  WatchTiming,
} from './WatchedCollection';
import { WatchedObjects, WatchedResource, watchedResources } from './types';

/**
 * Watch-backed copies of the workload resources of one cluster.
 *
 * @internal
 */
export class ClusterCache {
  private readonly collections: Array<WatchedCollection<WatchedResource>>;
  private readonly probe: ClusterProbe;
  private controller?: AbortController;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    readonly cluster: KubernetesCluster,
    options: {
      /** Watch only these namespaces; all when empty. */
      namespaces: string[];
      logger: LoggerService;
      timing: WatchTiming;
    },
  ) {
    const nudge = new RetryNudge();
    const namespaces = options.namespaces.length
      ? options.namespaces
      : [undefined];
    this.collections = (Object.keys(watchedResources) as WatchedResource[])
      .flatMap(resource =>
        namespaces.map(namespace => ({ resource, namespace })),
      )
      .map(
        ({ resource, namespace }) =>
          new WatchedCollection({
            cluster,
            resource,
            namespace,
            logger: options.logger,
            timing: options.timing,
            nudge,
          }),
      );
    this.probe = new ClusterProbe({
      cluster,
      intervalMs: options.timing.probeIntervalMs ?? 1000,
      troubled: () => this.collections.some(c => c.failing()),
      onBack: () => {
        options.logger.info(
          `${cluster.name} answers again; reconnecting its watches now`,
        );
        nudge.nudge();
      },
    });
  }

  get name() {
    return this.cluster.name;
  }

  start() {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = Promise.all([
      ...this.collections.map(c => c.run(controller.signal)),
      this.probe.run(controller.signal),
    ]);
  }

  async stop() {
    this.controller?.abort();
    this.controller = undefined;
    await this.running;
  }

  /**
   * Waits until every collection tried its first list, at most `timeoutMs`,
   * so the first request after a start sees data instead of "loading".
   */
  async whenFirstAttemptDone(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.collections.map(c => c.whenFirstAttemptDone())),
      new Promise(resolve => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Objects of a resource, optionally of one namespace; throws if not synced. */
  list<R extends WatchedResource>(
    resource: R,
    namespace?: string,
  ): Array<WatchedObjects[R]> {
    this.assertSynced();
    return this.collections
      .filter(c => c.resource === resource)
      .flatMap(c => c.values(namespace) as Array<WatchedObjects[R]>);
  }

  freshness(): CacheFreshness {
    const statuses = this.collections.map(c => c.status());
    const synced = statuses.every(s => s.synced);
    const since = statuses
      .map(s => s.disconnectedAt?.getTime())
      .filter((t): t is number => t !== undefined);
    const stale = synced && since.length > 0;
    return {
      synced,
      stale,
      ...(stale && { staleSince: new Date(Math.min(...since)).toISOString() }),
    };
  }

  health(): ClusterHealth {
    const statuses = this.collections.map(c => c.status());
    const lastError = statuses.find(s => s.lastError)?.lastError;
    return {
      name: this.cluster.name,
      ...(this.cluster.title && { title: this.cluster.title }),
      cache: {
        ...this.freshness(),
        ...(lastError && { lastError }),
        resources: statuses.map(toResourceHealth),
      },
      prometheus: this.cluster.prometheusUrl ? 'configured' : 'unconfigured',
    };
  }

  /**
   * Throws a ServiceUnavailableError naming the cluster when its cache has
   * not synced (still loading, or unreachable).
   */
  assertSynced() {
    const freshness = this.freshness();
    if (!freshness.synced) {
      const error = this.collections
        .map(c => c.status())
        .find(s => !s.synced && s.lastError)?.lastError;
      throw new ServiceUnavailableError(
        error
          ? `cluster ${this.name} is unreachable: ${error}`
          : `cluster ${this.name} is still loading`,
      );
    }
  }
}

function toResourceHealth(status: CollectionStatus) {
  return {
    resource: status.resource,
    ...(status.namespace && { namespace: status.namespace }),
    synced: status.synced,
    watching: status.watching,
    objects: status.objects,
    ...(status.lastSyncAt && { lastSyncAt: status.lastSyncAt.toISOString() }),
    ...(status.lastError && { lastError: status.lastError }),
  };
}
