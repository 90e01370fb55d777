import { LogEvent } from '@paasport/plugin-console-common';

/**
 * Where a log stream's events go, with the client's backpressure.
 *
 * @internal
 */
export interface LogSink {
  /** Sends one event; it is queued even when the client is congested. */
  write(event: LogEvent): void;
  /**
   * The client takes events slower than they come (e.g. `res.write`
   * returned false): reading from the clusters pauses until it catches up.
   */
  congested(): boolean;
  /**
   * Resolves when the client is no longer congested, or is gone; never
   * rejects.
   */
  whenWritable(): Promise<void>;
}
