import {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  consoleLogsReadPermission,
  logsQuerySchema,
} from '@paasport/plugin-console-common';
import {
  ApplicationModel,
  KubernetesIdentity,
} from '@paasport/kubernetes-node';
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { AuditMeta } from '@paasport/plugin-paasport-node';
import { ClusterCache } from '../cache/ClusterCache';
import { ClusterCaches } from '../cache/ClusterCaches';
import { findWorkload, WorkloadMatch } from '../entities/EntityWorkloads';
import { followContainer } from './followContainer';
import { LogMerger, LogOrdering } from './LogMerger';
import { LogSink } from './LogSink';
import { upstreamLogStreams } from './upstreamLogStreams';
import { workloadContainers, workloadPods } from './workloadPods';

/** @internal */
export type LogsInput = z.output<typeof logsQuerySchema>;

/**
 * Sends the events to `sink`; streams until the logs end or `clientGone`
 * aborts, and leaves no upstream request open when it resolves.
 *
 * @internal
 */
export type LogStreamRunner = (
  sink: LogSink,
  clientGone: AbortSignal,
) => Promise<void>;

const NEW_POD_POLL_MS = 2000;

/**
 * Container logs of all pods of a workload, merged in time order.
 *
 * @internal
 */
export class LogService {
  private open = 0;
  private bytes = 0;
  private readonly stats = {
    opened: () => {
      const closed = upstreamLogStreams.opened();
      this.open += 1;
      let done = false;
      return () => {
        closed();
        if (!done) {
          done = true;
          this.open -= 1;
        }
      };
    },
    read: (bytes: number) => {
      this.bytes += bytes;
    },
  };

  constructor(
    private readonly options: {
      caches: ClusterCaches;
      entities: ApplicationModel;
      permissions: PermissionsService;
      logger: LoggerService;
      maxContainers: number;
      ordering: LogOrdering;
    },
  ) {}

  /** Upstream log requests of this service currently open (for health and tests). */
  openStreams(): number {
    return this.open;
  }

  /** Bytes read from upstream log requests so far (for tests). */
  bytesRead(): number {
    return this.bytes;
  }

  /**
   * Checks everything that can fail before the response starts (entity,
   * workload, permission), so failures are still proper HTTP errors.
   */
  async prepare(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
    query: LogsInput,
    audit: AuditMeta,
  ): Promise<LogStreamRunner> {
    const { caches, entities, permissions } = this.options;
    const { components } = await entities.scopeOf(entity, credentials);
    const cache = await caches.read(query.cluster, c => c);
    const match = findWorkload(cache, components, query);
    audit.workloadEntityRef = match.component.entityRef;
    audit.namespace = match.object.metadata.namespace ?? '';
    const [decision] = await permissions.authorize(
      [
        {
          permission: consoleLogsReadPermission,
          resourceRef: match.component.entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${consoleLogsReadPermission.name} on ${match.component.entityRef}`,
      );
    }
    // Logs may carry personal data: only the owner team and admins read
    // them, checked here from the trusted model and by the cluster's RBAC,
    // since the streams are opened as the person.
    const person = await entities.person(
      (credentials as BackstageCredentials<BackstageUserPrincipal>).principal
        .userEntityRef,
    );
    entities.assertMayAct(
      person,
      match.component,
      query.cluster,
      match.object.metadata.namespace ?? '',
    );
    if (query.container) {
      const { containers, initContainers } = workloadContainers(cache, match);
      if (
        !containers.has(query.container) &&
        !initContainers.has(query.container)
      ) {
        const known = [...containers, ...initContainers].sort().join(', ');
        throw new InputError(
          `${match.kind} ${match.object.metadata.name} has no container '${query.container}' (its containers: ${known})`,
        );
      }
    }
    return (sink, clientGone) =>
      this.run(cache, match, query, person.identity, sink, clientGone);
  }

  private async run(
    cache: ClusterCache,
    match: WorkloadMatch,
    query: LogsInput,
    identity: KubernetesIdentity,
    sink: LogSink,
    clientGone: AbortSignal,
  ) {
    // Nothing is opened for a client that left while the request was checked.
    if (clientGone.aborted) return;
    // Our own signal, so that one listener per stream (ours and the HTTP
    // request's) does not trip Node's listener-leak warning.
    const signal = AbortSignal.any([clientGone]);
    setMaxListeners(2 * this.options.maxContainers + 10, signal);
    const origin = new Map<string, { pod: string; container: string }>();
    const merger = new LogMerger(
      line =>
        sink.write({
          type: 'line',
          timestamp: line.timestamp,
          text: line.text,
          ...origin.get(line.source)!,
        }),
      this.options.ordering,
    );
    const streams: Array<Promise<void>> = [];
    let warnedLimit = false;
    const attach = () => {
      if (signal.aborted) return;
      const pods = workloadPods(cache, match).filter(
        p =>
          query.previous ||
          ['Running', 'Succeeded', 'Failed'].includes(p.status?.phase ?? ''),
      );
      for (const pod of pods) {
        // Init containers only when asked for by name: they have usually
        // finished, and their lines would interleave with the app's.
        const containers = query.container
          ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]
              .map(c => c.name)
              .filter(name => name === query.container)
          : pod.spec.containers.map(c => c.name);
        for (const container of containers) {
          const id = `${pod.metadata.name}/${container}`;
          if (origin.has(id)) continue;
          if (origin.size >= this.options.maxContainers) {
            if (!warnedLimit) {
              sink.write({
                type: 'error',
                message: `only the first ${this.options.maxContainers} containers are shown; pick a container`,
              });
              warnedLimit = true;
            }
            return;
          }
          const where = { pod: pod.metadata.name, container };
          origin.set(id, where);
          merger.addSource(id);
          streams.push(
            followContainer(
              {
                cluster: cache.cluster,
                identity,
                namespace: pod.metadata.namespace ?? '',
                ...where,
                follow: query.follow,
                tailLines: query.tailLines,
                sinceSeconds: query.sinceSeconds,
                previous: query.previous,
                filter: query.filter?.toLowerCase(),
              },
              { id, merger, sink, signal, stats: this.stats },
            ).catch(error => {
              sink.write({
                type: 'error',
                ...where,
                message: error instanceof Error ? error.message : String(error),
              });
            }),
          );
        }
      }
    };
    attach();
    let sinceAttach = 0;
    // Drains streams that went quiet; while following, picks up new pods
    // (e.g. those of a rollout) from the watch cache.
    const timer = setInterval(() => {
      merger.drain();
      sinceAttach += 250;
      if (query.follow && sinceAttach >= NEW_POD_POLL_MS) {
        sinceAttach = 0;
        try {
          attach();
        } catch {
          // cache briefly unavailable; try again next time
        }
      }
    }, 250);
    try {
      if (query.follow) {
        await new Promise<void>(resolve => {
          if (signal.aborted) resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      await Promise.all(streams);
      merger.flush();
      if (!signal.aborted) {
        sink.write({
          type: 'end',
          reason: origin.size ? 'all log streams ended' : 'no running pods',
        });
      }
    } finally {
      clearInterval(timer);
    }
  }
}
