import { Config } from '@backstage/config';
import { ProviderError } from '@paasport/plugin-marketplace-node';

/** Tunables of the processor. */
export interface ProcessorTuning {
  /**
   * How long a claimed row stays reserved without a renewal. Work in
   * progress renews it every third of this, so it bounds how long a dead
   * replica's rows wait, not how long a provider call may take.
   */
  leaseMs: number;
  /** Rows claimed per round. */
  batchSize: number;
  /** Rows worked on at once. */
  concurrency: number;
  /** Failed attempts before a provisioning or binding is given up. */
  maxAttempts: number;
  /** Longest a provisioning may stay in progress. */
  provisioningTimeoutMs: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const defaultTuning: ProcessorTuning = {
  leaseMs: 15_000,
  batchSize: 50,
  concurrency: 10,
  maxAttempts: 8,
  provisioningTimeoutMs: 30 * 60_000,
  baseBackoffMs: 2_000,
  maxBackoffMs: 5 * 60_000,
};

/** Shortest lease accepted: renewals every third of it must fit comfortably. */
const MIN_LEASE_SECONDS = 3;

/**
 * The tunables `marketplace.processor` configures (`leaseSeconds`); a bad
 * value stops the start-up with a message naming the key.
 */
export function processorTuningFromConfig(
  config: Config,
): Partial<ProcessorTuning> {
  const key = 'marketplace.processor.leaseSeconds';
  const leaseSeconds = config.getOptionalNumber(key);
  if (leaseSeconds === undefined) return {};
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < MIN_LEASE_SECONDS) {
    throw new Error(
      `${key} must be a number of seconds, at least ${MIN_LEASE_SECONDS}; got ${leaseSeconds}`,
    );
  }
  return { leaseMs: Math.round(leaseSeconds * 1000) };
}

export function backoffMs(tuning: ProcessorTuning, attempts: number): number {
  const exp = tuning.baseBackoffMs * 2 ** Math.max(0, attempts - 1);
  // Jitter spreads retries of many requests that failed together.
  return Math.min(tuning.maxBackoffMs, exp) * (0.75 + Math.random() * 0.5);
}

export function later(ms: number): Date {
  return new Date(Date.now() + ms);
}

/** Normalises anything thrown by a provider or the database. */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return new ProviderError(
    error instanceof Error ? error.message : String(error),
    { retryable: true, cause: error },
  );
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
      }
    },
  );
  await Promise.all(lanes);
}
