import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { ClusterError } from '@paasport/plugin-console-common';
import { ClusterCache } from './ClusterCache';
import { WatchTiming } from './WatchedCollection';

/** @internal */
export interface ClusterCachesOptions {
  clusters: KubernetesClusters;
  logger: LoggerService;
  /** Watch only these namespaces; all when empty. */
  namespaces: string[];
  timing: WatchTiming;
  /** How long a request waits for a cache that is still loading. */
  readyWaitMs: number;
}

/**
 * The watch caches of every configured cluster. Reads go through
 * {@link ClusterCaches.perCluster}, where a down or slow cluster becomes an
 * error entry instead of failing or delaying the others.
 *
 * @internal
 */
export class ClusterCaches {
  private readonly caches: ClusterCache[];

  constructor(private readonly options: ClusterCachesOptions) {
    this.caches = options.clusters.list().map(
      cluster =>
        new ClusterCache(cluster, {
          namespaces: options.namespaces,
          logger: options.logger.child({ cluster: cluster.name }),
          timing: options.timing,
        }),
    );
  }

  start() {
    this.caches.forEach(c => c.start());
  }

  async stop() {
    await Promise.all(this.caches.map(c => c.stop()));
  }

  names(): string[] {
    return this.caches.map(c => c.name);
  }

  /** The cache of a cluster; unknown names are a NotFoundError. */
  get(name: string): ClusterCache {
    const cache = this.caches.find(c => c.name === name);
    if (!cache) {
      throw new NotFoundError(`No cluster named '${name}' is configured`);
    }
    return cache;
  }

  /** Waits (bounded) for a loading cache, then reads from it. */
  async read<T>(name: string, read: (cache: ClusterCache) => T | Promise<T>) {
    const cache = this.get(name);
    await cache.whenFirstAttemptDone(this.options.readyWaitMs);
    return read(cache);
  }

  /**
   * Runs `read` on every cluster (or those named) in parallel; a cluster that
   * fails gives `{ cluster, error }` in its place.
   */
  async perCluster<T extends object>(
    read: (cache: ClusterCache) => T | Promise<T>,
    only?: string[],
  ): Promise<Array<(T & { cluster: string }) | ClusterError>> {
    const caches = only ? only.map(name => this.get(name)) : this.caches;
    return Promise.all(
      caches.map(async cache => {
        try {
          const result = await this.read(cache.name, read);
          return { cluster: cache.name, ...result };
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          return {
            cluster: cache.name,
            error: { name: e.name, message: e.message },
          };
        }
      }),
    );
  }
}
