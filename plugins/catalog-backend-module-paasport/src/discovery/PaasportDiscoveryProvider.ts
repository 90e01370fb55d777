import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { buildEntities } from './buildEntities';
import { diffEntities, hashEntities } from './delta';
import { DiscoveryStore } from './DiscoveryStore';
import { listWorkloads } from './listWorkloads';
import { DiscoveryCatalogContext, Workload } from './types';

/**
 * Options of {@link PaasportDiscoveryProvider}.
 *
 * @public
 */
export interface PaasportDiscoveryProviderOptions {
  clusters: KubernetesClusters;
  store: DiscoveryStore;
  /** Reads teams and declared entities; see `readCatalogContext`. */
  readCatalog: () => Promise<DiscoveryCatalogContext>;
  logger: LoggerService;
  /** Only these namespaces; all when undefined. */
  namespaces?: string[];
  /** Runs {@link PaasportDiscoveryProvider.run} on a schedule once connected. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Per list page. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * What one run did, for logs, tests and the benchmark.
 *
 * @public
 */
export interface DiscoveryRunSummary {
  mutation: 'full' | 'delta' | 'none';
  entities: number;
  added: number;
  removed: number;
  /** Clusters that did not answer; their last list was used. */
  unreachable: string[];
  /** Milliseconds spent on cluster lists, catalog reads and building. */
  timings: { clusters: number; catalog: number; build: number; apply: number };
}

/**
 * Discovers Components and Systems from the Deployments and StatefulSets of
 * every configured cluster.
 *
 * @remarks
 * The first run of each process sends a full mutation, which also repairs
 * anything that drifted; later runs send only what changed since the last
 * emitted set, which the {@link DiscoveryStore} keeps in the catalog's
 * database so that whichever replica runs next (the task is scheduled with
 * scope global) compares against the same state.
 *
 * Entities are emitted without a location key: when someone declares the same
 * Component in a catalog file, the file's entity takes over the ref instead
 * of losing to ours with a conflict, and the next run skips the workload.
 *
 * @public
 */
export class PaasportDiscoveryProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private fullDone = false;
  private loggedNotes = new Set<string>();

  constructor(private readonly options: PaasportDiscoveryProviderOptions) {}

  getProviderName(): string {
    return 'paasport-discovery';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async signal => {
        await this.run({ signal });
      },
    });
  }

  /** Lists every cluster and applies the resulting mutation. */
  async run(
    options: { signal?: AbortSignal } = {},
  ): Promise<DiscoveryRunSummary> {
    const connection = this.connection;
    if (!connection) {
      throw new Error('PaasportDiscoveryProvider is not connected yet');
    }
    const { logger, store } = this.options;
    const started = Date.now();
    const context = await this.options.readCatalog();
    const catalogDone = Date.now();
    const { workloads, unreachable } = await this.listAll(options.signal);
    const clustersDone = Date.now();

    const built = buildEntities(workloads, context);
    const hashed = hashEntities(built.entities);
    this.logNotes(built.notes);
    const buildDone = Date.now();

    let summary: Pick<DiscoveryRunSummary, 'mutation' | 'added' | 'removed'>;
    if (!this.fullDone) {
      await connection.applyMutation({
        type: 'full',
        entities: hashed.map(({ entity }) => ({ entity })),
      });
      await store.replaceEmitted(hashed);
      this.fullDone = true;
      summary = { mutation: 'full', added: hashed.length, removed: 0 };
    } else {
      const { added, removed } = diffEntities(
        await store.readEmitted(),
        hashed,
      );
      if (added.length || removed.length) {
        await connection.applyMutation({
          type: 'delta',
          added: added.map(({ entity }) => ({ entity })),
          removed: removed.map(entityRef => ({ entityRef })),
        });
        // After the mutation: if we crash in between, the next delta repeats
        // it, which the catalog takes as a no-op.
        await store.updateEmitted(added, removed);
      }
      summary = {
        mutation: added.length || removed.length ? 'delta' : 'none',
        added: added.length,
        removed: removed.length,
      };
    }
    const done = Date.now();
    logger.info(
      `Discovery: ${summary.mutation} mutation, ${hashed.length} entities ` +
        `(+${summary.added} -${summary.removed}), ${built.declared} workloads ` +
        `declared in catalog files, ${done - started} ms`,
    );
    return {
      ...summary,
      entities: hashed.length,
      unreachable,
      timings: {
        catalog: catalogDone - started,
        clusters: clustersDone - catalogDone,
        build: buildDone - clustersDone,
        apply: done - buildDone,
      },
    };
  }

  /**
   * Warns about new problems only: the same unowned workload would otherwise
   * be logged every few minutes.
   */
  private logNotes(notes: string[]) {
    const fresh = notes.filter(note => !this.loggedNotes.has(note));
    for (const note of fresh.slice(0, 20)) {
      this.options.logger.warn(`Discovery: ${note}`);
    }
    if (fresh.length > 20) {
      this.options.logger.warn(
        `Discovery: ${fresh.length - 20} more workloads cannot be modelled`,
      );
    }
    this.loggedNotes = new Set(notes);
  }

  /**
   * Workloads of every cluster; an unreachable cluster contributes its last
   * successful list, because dropping its entities would delete them from
   * the catalog (and everything attached to them: relations, scorecards,
   * links) for what is usually a short outage.
   */
  private async listAll(signal?: AbortSignal) {
    const { clusters, store, logger, namespaces } = this.options;
    const configured = clusters.list();
    const [results, snapshots] = await Promise.all([
      Promise.allSettled(
        configured.map(cluster =>
          listWorkloads(cluster, {
            namespaces,
            signal,
            timeoutMs: this.options.requestTimeoutMs ?? 30_000,
          }),
        ),
      ),
      store.readSnapshots(),
    ]);
    signal?.throwIfAborted();
    const workloads: Workload[] = [];
    const unreachable: string[] = [];
    for (const [i, result] of results.entries()) {
      const cluster = configured[i].name;
      if (result.status === 'fulfilled') {
        await store.writeSnapshot(cluster, result.value);
        workloads.push(...result.value);
        continue;
      }
      unreachable.push(cluster);
      const last = snapshots.get(cluster);
      const kept = last
        ? `keeping its ${
            last.workloads.length
          } workloads listed at ${last.listedAt.toISOString()}`
        : 'it was never listed, so it contributes nothing yet';
      logger.warn(
        `Discovery: cluster ${cluster} did not answer (${result.reason}); ${kept}`,
      );
      workloads.push(
        ...(last?.workloads ?? []).filter(
          w => !namespaces || namespaces.includes(w.namespace),
        ),
      );
    }
    await store.keepSnapshotsOf(configured.map(c => c.name));
    return { workloads, unreachable };
  }
}
