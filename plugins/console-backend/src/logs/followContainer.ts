import {
  KubernetesCluster,
  KubernetesIdentity,
} from '@paasport/kubernetes-node';
import http from 'node:http';
import { LineSplitter } from './LineSplitter';
import { parseTimedLine } from './logLine';
import { LogMerger } from './LogMerger';
import { LogSink } from './LogSink';

/** Longest log line passed on whole; the rest is cut with a marker. */
export const MAX_LINE_LENGTH = 64 * 1024;

/** @internal */
export interface ContainerLogRequest {
  cluster: KubernetesCluster;
  identity: KubernetesIdentity;
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  previous: boolean;
  /** Lower-case text a line must contain to be shown. */
  filter?: string;
}

/** @internal */
export interface ContainerLogTarget {
  /** The merger's source id of this container. */
  id: string;
  merger: LogMerger;
  sink: LogSink;
  /** Counts what this request holds open and reads. */
  stats: { opened(): () => void; read(bytes: number): void };
  signal: AbortSignal;
}

/**
 * Reads one container's log into the merger until the log ends or `signal`
 * aborts. Rejects with the upstream error, unless it aborted.
 *
 * @remarks
 * Holds no upstream connection past the abort, whenever it comes: before the
 * request is sent nothing is sent; while the API server has not answered the
 * request is cancelled; after it answered the response is destroyed, which
 * closes its connection. Reads a chunk at a time and waits while the client
 * is congested, so TCP flow control holds the rest at the API server rather
 * than this process's memory.
 *
 * @internal
 */
export async function followContainer(
  request: ContainerLogRequest,
  target: ContainerLogTarget,
): Promise<void> {
  const { merger, sink, signal, id, stats } = target;
  if (signal.aborted) return;
  const closed = stats.opened();
  let response: http.IncomingMessage | undefined;
  try {
    response = await request.cluster.stream(
      `/api/v1/namespaces/${encodeURIComponent(
        request.namespace,
      )}/pods/${encodeURIComponent(request.pod)}/log`,
      {
        container: request.container,
        follow: request.follow,
        timestamps: true,
        tailLines: request.tailLines,
        sinceSeconds: request.sinceSeconds,
        previous: request.previous,
      },
      { signal, impersonate: request.identity },
    );
    const upstream = response;
    const destroy = () => upstream.destroy();
    signal.addEventListener('abort', destroy, { once: true });
    try {
      // The answer may have come in just as the client left.
      if (signal.aborted) return;
      merger.answered(id);
      const splitter = new LineSplitter(MAX_LINE_LENGTH);
      let lastKey = '';
      const take = (raw: string) => {
        const line = parseTimedLine(raw, lastKey);
        lastKey = line.key;
        if (
          request.filter &&
          !line.text.toLowerCase().includes(request.filter)
        ) {
          merger.advance(id, line.key);
        } else {
          merger.push(id, line);
        }
      };
      for await (const chunk of upstream) {
        stats.read(chunk.length);
        splitter.push(chunk).forEach(take);
        if (sink.congested()) {
          // Unread lines may wait upstream: the merger must not pass them.
          merger.paused(id, true);
          await sink.whenWritable();
          merger.paused(id, false);
        }
      }
      splitter.end().forEach(take);
    } finally {
      signal.removeEventListener('abort', destroy);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    if (response) await closeResponse(response);
    closed();
    merger.endSource(id);
  }
}

/** Destroys a response that did not end and waits until it is closed. */
function closeResponse(response: http.IncomingMessage): Promise<void> {
  return new Promise(resolve => {
    if (response.closed) {
      resolve();
      return;
    }
    response.once('close', () => resolve());
    response.destroy();
  });
}
