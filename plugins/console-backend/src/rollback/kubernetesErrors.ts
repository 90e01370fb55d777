import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { kubernetesErrorStatus } from '@paasport/kubernetes-node';

/** Who the API server records as the writer of our changes. */
export const FIELD_MANAGER = 'paasport-console';

/** A rollback reads and writes a few objects; more than this is a hang. */
export const KUBERNETES_TIMEOUT_MS = 15_000;

/**
 * Turns API server refusals into the errors the router maps to HTTP.
 *
 * @internal
 */
export function kubernetesError(error: unknown, what: string): Error {
  const detail = apiMessage(error);
  switch (kubernetesErrorStatus(error)) {
    case 404:
      return new NotFoundError(`${what} not found`);
    case 409:
      return new ConflictError(
        `${what} changed while rolling back; nothing was changed, reload and try again`,
      );
    case 403:
      return new NotAllowedError(
        `the cluster refused the portal access to ${what}: ${detail}`,
      );
    case 400:
    case 422:
      return new InputError(
        `the cluster rejected the rollback of ${what}: ${detail}`,
      );
    default:
      return error instanceof Error ? error : new Error(String(error));
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
