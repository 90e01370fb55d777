import { useApi } from '@backstage/core-plugin-api';
import { LogsQuery, logTimeKey } from '@paasport/plugin-console-common';
import { useEffect, useRef, useState } from 'react';
import { consoleApiRef } from '../api';
import { mergeByTime } from '../logs/logOrder';
import { LogRecord, parseLogRecord } from '../logs/logRecord';

/** One row of the log view: a log line or a per-container error. */
export interface LogEntry {
  /** Arrival order. */
  id: number;
  /**
   * Time order (`logTimeKey` of the timestamp); an error sorts where it
   * arrived, after the line before it.
   */
  key: string;
  type: 'line' | 'error';
  timestamp?: string;
  pod?: string;
  container?: string;
  text: string;
  /** A line read as a record (fields, level, message). */
  record?: LogRecord;
}

/** The stream's state, for the status line above the log view. */
export type LogStreamStatus =
  | { state: 'idle' }
  | { state: 'following' }
  | { state: 'ended'; reason: string }
  | { state: 'failed'; error: Error };

/** Lines kept in the browser; older ones drop off the top. */
export const MAX_LOG_LINES = 5000;
// Lines arrive in bursts (tail of every pod at once): render them in batches.
const FLUSH_MS = 100;

const keepLast = (entries: LogEntry[]) =>
  entries.length > MAX_LOG_LINES ? entries.slice(-MAX_LOG_LINES) : entries;

/**
 * Follows a workload's logs from the backend's NDJSON stream. A new `query`
 * (memoise it) starts a new stream; the old one, like the one running at
 * unmount, is aborted so the backend closes its upstream log requests.
 *
 * @remarks
 * While `paused`, lines are held rather than dropped, so resuming shows
 * everything that arrived meanwhile (`held` counts them). Lines are kept in
 * time order: one that arrives after later ones is placed by its time.
 */
export function useLogStream(
  entityRef: string,
  query: LogsQuery | undefined,
  paused: boolean,
) {
  const api = useApi(consoleApiRef);
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [status, setStatus] = useState<LogStreamStatus>({ state: 'idle' });
  const [held, setHeld] = useState(0);
  const heldLines = useRef<LogEntry[]>([]);
  const pausedRef = useRef(paused);

  useEffect(() => {
    pausedRef.current = paused;
    if (!paused && heldLines.current.length) {
      const release = heldLines.current;
      heldLines.current = [];
      setHeld(0);
      setLines(previous => keepLast(mergeByTime(previous, release)));
    }
  }, [paused]);

  useEffect(() => {
    setLines([]);
    heldLines.current = [];
    setHeld(0);
    if (!query) {
      setStatus({ state: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    let nextId = 0;
    let lastKey = '';
    let pending: LogEntry[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      if (!batch.length || controller.signal.aborted) return;
      if (pausedRef.current) {
        heldLines.current = keepLast(mergeByTime(heldLines.current, batch));
        setHeld(heldLines.current.length);
      } else {
        setLines(previous => keepLast(mergeByTime(previous, batch)));
      }
    };
    const add = (entry: Omit<LogEntry, 'id' | 'key'>) => {
      const key = (entry.timestamp && logTimeKey(entry.timestamp)) || lastKey;
      lastKey = key > lastKey ? key : lastKey;
      pending.push({ id: nextId++, key, ...entry });
      timer ??= setTimeout(flush, FLUSH_MS);
    };

    setStatus({ state: 'following' });
    (async () => {
      let ended = false;
      try {
        const events = api.streamLogs(entityRef, query, controller.signal);
        for await (const event of events) {
          if (event.type === 'end') {
            ended = true;
            flush();
            setStatus({ state: 'ended', reason: event.reason });
          } else if (event.type === 'line') {
            const { type, timestamp, pod, container, text } = event;
            const record = parseLogRecord(text);
            add({ type, timestamp, pod, container, text, record });
          } else {
            const { pod, container, message } = event;
            add({ type: 'error', pod, container, text: message });
          }
        }
        if (!ended && !controller.signal.aborted) {
          flush();
          setStatus({ state: 'ended', reason: 'the connection closed' });
        }
      } catch (error) {
        // Aborting is how we stop; only other failures are news.
        if (!controller.signal.aborted) {
          flush();
          setStatus({ state: 'failed', error: error as Error });
        }
      }
    })();

    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, entityRef, query]);

  return { lines, status, held };
}
