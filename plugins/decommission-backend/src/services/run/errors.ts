/**
 * The worker no longer holds the run: its lease expired and another worker
 * took the run over, or a retry took it. Nothing more may be written.
 *
 * @internal
 */
export class LeaseLostError extends Error {
  readonly name = 'LeaseLostError';
}

/**
 * The worker is shutting down: the run stops before its next item and is
 * given back for another worker.
 *
 * @internal
 */
export class WorkerStoppingError extends Error {
  readonly name = 'WorkerStoppingError';
}
