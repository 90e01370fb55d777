import { kubernetesErrorStatus } from '../clientNode';

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);
const ATTEMPTS = 3;
const BACKOFF_MS = 250;

/**
 * Paasport's one retry rule for Kubernetes calls: only reads are retried
 * (three attempts, 250 ms then 500 ms apart), and only on answers that say
 * "try again" (429, 5xx) or on a connection that failed.
 *
 * @remarks
 * Writes are never retried here: a write whose answer was lost may have been
 * applied, and only its caller knows whether repeating it is safe (a
 * server-side apply is, a JSON patch guarded by a resourceVersion is not).
 * An aborted call is not retried either.
 *
 * @public
 */
export async function retryRead<T>(
  read: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= ATTEMPTS || signal?.aborted || !isTransient(error)) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, BACKOFF_MS * attempt));
    }
  }
}

function isTransient(error: unknown): boolean {
  if ((error as Error | undefined)?.name === 'AbortError') return false;
  const status = kubernetesErrorStatus(error);
  if (status !== undefined) return RETRIED_STATUSES.has(status);
  // No status: the request never got an answer (refused, reset, timed out).
  return error instanceof Error;
}
