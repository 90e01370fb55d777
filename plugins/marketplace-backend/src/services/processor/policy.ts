import { ProviderError } from '@paasport/plugin-marketplace-node';

/** Tunables of the processor. */
export interface ProcessorTuning {
  /** How long a claimed row stays reserved; longer than any provider call. */
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
  leaseMs: 2 * 60_000,
  batchSize: 50,
  concurrency: 10,
  maxAttempts: 8,
  provisioningTimeoutMs: 30 * 60_000,
  baseBackoffMs: 2_000,
  maxBackoffMs: 5 * 60_000,
};

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
