import { LogEvent } from '@paasport/plugin-console-common';
import { Response } from 'express';
import { LogSink } from '../logs/LogSink';

/**
 * An AbortSignal that aborts when the client of `res` goes away (or the
 * response is done). Take it first thing in a handler: a client that leaves
 * while the request is still being checked must stop what comes after.
 *
 * @internal
 */
export function clientGoneSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  res.once('close', abort);
  // 'close' may have been emitted before this handler ran.
  if (res.destroyed || res.socket?.destroyed) abort();
  return controller.signal;
}

/**
 * Writes log events to `res` as NDJSON, one per line, and reports
 * congestion when `res.write` would buffer (its high-water mark is reached).
 *
 * @internal
 */
export function ndjsonSink(res: Response): LogSink {
  let writable: Promise<void> | undefined;
  return {
    write(event: LogEvent) {
      if (!res.writableEnded && !res.destroyed) {
        res.write(`${JSON.stringify(event)}\n`);
      }
    },
    congested: () => res.writableNeedDrain && !res.destroyed,
    whenWritable() {
      if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
      // One wait shared by every stream of the response.
      writable ??= new Promise<void>(resolve => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          writable = undefined;
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
      return writable;
    },
  };
}
