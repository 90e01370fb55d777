import { ConflictError } from '@backstage/errors';
import { kubernetesErrorStatus } from '@paasport/kubernetes-node';

/** Who the API server records as the writer of our changes. */
export const FIELD_MANAGER = 'paasport-console';

/** A rollback reads and writes a few objects; more than this is a hang. */
export const KUBERNETES_TIMEOUT_MS = 15_000;

/**
 * Maps the object layer's errors to the rollback's domain: a conflict means
 * the workload changed under the rollback, which nothing else can say. The
 * rest is already a Backstage error naming the cluster and the object.
 *
 * @internal
 */
export function rollbackError(error: unknown, what: string): Error {
  if (kubernetesErrorStatus(error) === 409) {
    return new ConflictError(
      `${what} changed while rolling back; nothing was changed, reload and try again`,
      error,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
