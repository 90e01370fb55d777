import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { kubernetesErrorStatus } from '../clientNode';

/**
 * Paasport's one translation of Kubernetes failures into Backstage errors
 * (and so HTTP statuses): 403 → NotAllowedError, 404 → NotFoundError,
 * 409 → ConflictError, 400/422 → InputError, anything else without an
 * answer → ServiceUnavailableError.
 *
 * @remarks
 * The message says what was being done (`what`) and what the API server
 * said, never the request body (which may hold a Secret). The original error
 * is kept as `cause`, so {@link kubernetesErrorStatus} still reads the
 * status, and callers may map a status to their own domain first.
 *
 * @public
 */
export function translateKubernetesError(error: unknown, what: string): Error {
  const status = kubernetesErrorStatus(error);
  const detail = apiMessage(error);
  switch (status) {
    case 403:
      return new NotAllowedError(
        `${what}: refused by the cluster: ${detail}`,
        error,
      );
    case 404:
      return new NotFoundError(`${what}: not found`, error);
    case 409:
      return new ConflictError(`${what}: conflict: ${detail}`, error);
    case 400:
    case 422:
      return new InputError(
        `${what}: rejected by the cluster: ${detail}`,
        error,
      );
    case undefined:
      if ((error as Error | undefined)?.name === 'AbortError') {
        return error as Error;
      }
      return new ServiceUnavailableError(`${what}: ${detail}`, error);
    default:
      return new ServiceUnavailableError(
        `${what}: the cluster answered ${status}: ${detail}`,
        error,
      );
  }
}

function apiMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not a Status object
  }
  return error instanceof Error ? error.message : String(error);
}
