import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KubernetesCluster,
  kubernetesErrorStatus,
} from '@paasport/kubernetes-node';
import { createInterface } from 'node:readline';
import { ObjectIndex } from './ObjectIndex';
import { RetryNudge } from './RetryNudge';
import { resourcePath, WatchedObjects, WatchedResource } from './types';

/**
 * Timing of list and watch requests.
 *
 * @internal
 */
export interface WatchTiming {
  /** Bounds a list page and the wait for a watch's response headers. */
  requestTimeoutMs: number;
  /** The API server ends each watch after this; we resume from its last version. */
  watchTimeoutSeconds: number;
  backoffInitialMs: number;
  /**
   * The longest wait between retries. Kept to seconds: a cluster that is back
   * must not look stale for long because its collections sleep out a backoff.
   */
  backoffMaxMs: number;
  /**
   * How often a cluster whose cache has trouble is probed, so that retries
   * start as soon as it answers again (see ClusterProbe). Default 1 s.
   */
  probeIntervalMs?: number;
}

/** @internal */
export interface CollectionStatus {
  resource: WatchedResource;
  namespace?: string;
  synced: boolean;
  watching: boolean;
  objects: number;
  lastSyncAt?: Date;
  disconnectedAt?: Date;
  lastError?: string;
}

interface ListPage<T> {
  metadata: { resourceVersion: string; continue?: string };
  items: T[];
}

const GONE = Symbol('gone');

/**
 * One resource type of one cluster (cluster-wide or one namespace), kept up to
 * date by list + watch: list once, watch from the list's resourceVersion,
 * resume after the server ends a watch, relist on 410 Gone, retry failures
 * with capped exponential backoff, stop when the signal aborts.
 *
 * @internal
 */
export class WatchedCollection<R extends WatchedResource> {
  private items = new ObjectIndex<WatchedObjects[R]>();
  private synced = false;
  private watching = false;
  private lastSyncAt?: Date;
  private disconnectedAt?: Date;
  private lastError?: string;
  private readonly firstAttempt: Promise<void>;
  private readonly nudge: RetryNudge;
  private settleFirstAttempt!: () => void;

  constructor(
    private readonly options: {
      cluster: KubernetesCluster;
      resource: R;
      namespace?: string;
      logger: LoggerService;
      timing: WatchTiming;
      /** Cuts a retry wait short, e.g. when the cluster answers again. */
      nudge?: RetryNudge;
    },
  ) {
    this.nudge = options.nudge ?? new RetryNudge();
    this.firstAttempt = new Promise(resolve => {
      this.settleFirstAttempt = resolve;
    });
  }

  get resource(): R {
    return this.options.resource;
  }

  /** Resolves once the first list succeeded or failed. */
  whenFirstAttemptDone(): Promise<void> {
    return this.firstAttempt;
  }

  /** The objects of one namespace, or all. */
  values(namespace?: string): Array<WatchedObjects[R]> {
    return this.items.values(namespace);
  }

  status(): CollectionStatus {
    const { resource, namespace } = this.options;
    return {
      resource,
      ...(namespace && { namespace }),
      synced: this.synced,
      watching: this.watching,
      objects: this.items.size,
      lastSyncAt: this.lastSyncAt,
      disconnectedAt: this.disconnectedAt,
      lastError: this.lastError,
    };
  }

  /** Whether the last attempt to list or watch failed. */
  failing(): boolean {
    return this.lastError !== undefined;
  }

  /** Runs until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        let version: string | typeof GONE = await this.list(signal);
        failures = 0;
        this.settleFirstAttempt();
        while (version !== GONE && !signal.aborted) {
          version = await this.watch(version, signal);
        }
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        this.recordFailure(error, failures);
        this.settleFirstAttempt();
        const { backoffInitialMs, backoffMaxMs } = this.options.timing;
        const delay = Math.min(
          backoffMaxMs,
          backoffInitialMs * 2 ** (failures - 1),
        );
        // Jitter so that many collections of a recovering cluster do not relist at once.
        await this.nudge.wait(delay * (0.5 + Math.random() / 2), signal);
      }
    }
    this.watching = false;
  }

  private get path() {
    return resourcePath(this.options.resource, this.options.namespace);
  }

  private async list(signal: AbortSignal): Promise<string> {
    const items = new ObjectIndex<WatchedObjects[R]>();
    let page: ListPage<WatchedObjects[R]> | undefined;
    do {
      page = await this.options.cluster.getJson<ListPage<WatchedObjects[R]>>(
        this.path,
        { limit: 500, continue: page?.metadata.continue },
        { signal, timeoutMs: this.options.timing.requestTimeoutMs },
      );
      for (const item of page.items) {
        items.set(slim(item));
      }
    } while (page.metadata.continue);
    // Swapped in whole so that readers never see a half-listed collection.
    this.items = items;
    this.synced = true;
    this.lastSyncAt = new Date();
    return page.metadata.resourceVersion;
  }

  /** Watches from `version`; returns where to resume, or GONE to relist. */
  private async watch(
    version: string,
    signal: AbortSignal,
  ): Promise<string | typeof GONE> {
    const { cluster, timing } = this.options;
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop);
    // The server ends the watch after watchTimeoutSeconds; if the connection
    // silently died it never will, so we end it ourselves a little later.
    let expired = false;
    const deadline = setTimeout(() => {
      expired = true;
      controller.abort();
    }, (timing.watchTimeoutSeconds + 30) * 1000);
    let resumeFrom = version;
    try {
      const response = await cluster.stream(
        this.path,
        {
          watch: true,
          resourceVersion: version,
          allowWatchBookmarks: true,
          timeoutSeconds: timing.watchTimeoutSeconds,
        },
        { signal: controller.signal, timeoutMs: timing.requestTimeoutMs },
      );
      this.connected();
      for await (const line of createInterface({ input: response })) {
        if (!line.trim()) continue;
        const event = JSON.parse(line);
        if (event.type === 'ERROR') {
          if (event.object?.code === 410) return GONE;
          throw new Error(`watch error: ${event.object?.message ?? line}`);
        }
        const object = event.object as WatchedObjects[R];
        resumeFrom = object.metadata.resourceVersion;
        if (event.type === 'ADDED' || event.type === 'MODIFIED') {
          this.items.set(slim(object));
        } else if (event.type === 'DELETED') {
          this.items.delete(object);
        }
        this.lastSyncAt = new Date();
      }
      return resumeFrom;
    } catch (error) {
      if (kubernetesErrorStatus(error) === 410) return GONE;
      if (expired && !signal.aborted) return resumeFrom;
      throw error;
    } finally {
      clearTimeout(deadline);
      signal.removeEventListener('abort', stop);
      this.watching = false;
    }
  }

  private connected() {
    if (this.lastError) {
      this.options.logger.info(
        `${this.describe()}: watching again after: ${this.lastError}`,
      );
    }
    this.watching = true;
    this.disconnectedAt = undefined;
    this.lastError = undefined;
  }

  private recordFailure(error: unknown, failures: number) {
    const message = error instanceof Error ? error.message : String(error);
    this.disconnectedAt ??= new Date();
    if (failures === 1 || message !== this.lastError) {
      this.options.logger.warn(`${this.describe()}: ${message}; retrying`);
    }
    this.lastError = message;
  }

  private describe() {
    const { cluster, resource, namespace } = this.options;
    return `${cluster.name} ${namespace ? `${namespace}/` : ''}${resource}`;
  }
}

/** Drops managedFields: large, and nothing here reads them. */
function slim<T extends { metadata: { managedFields?: unknown } }>(
  object: T,
): T {
  if (object.metadata.managedFields) {
    delete object.metadata.managedFields;
  }
  return object;
}
