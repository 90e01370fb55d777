import { LogEvent, LogsQuery } from '@paasport/plugin-console-common';

/** One stream a fake `streamLogs` handed out, driven by the test. */
export interface FakeLogStream {
  query: LogsQuery;
  signal: AbortSignal;
  push(event: LogEvent): void;
}

/**
 * A fake `ConsoleApi.streamLogs` whose streams stay open until aborted, like
 * a followed log, and yield what the test pushes.
 */
export function fakeLogStreams() {
  const streams: FakeLogStream[] = [];
  const streamLogs = jest.fn(
    (_entity: unknown, query: LogsQuery, signal?: AbortSignal) => {
      const queue: LogEvent[] = [];
      let wake: () => void = () => {};
      const stream: FakeLogStream = {
        query,
        signal: signal!,
        push(event) {
          queue.push(event);
          wake();
        },
      };
      streams.push(stream);
      const next = () =>
        new Promise<void>(resolve => {
          wake = resolve;
          signal!.addEventListener('abort', () => resolve(), { once: true });
        });
      return (async function* events() {
        while (!signal!.aborted) {
          if (queue.length) {
            yield queue.shift()!;
          } else {
            await next();
          }
        }
      })();
    },
  );
  return { streams, streamLogs };
}

/** A log line event. */
export const line = (pod: string, text: string, second = 0): LogEvent => ({
  type: 'line',
  timestamp: `2026-06-01T10:00:${String(second).padStart(2, '0')}.000Z`,
  pod,
  container: 'shop-web',
  text,
});
