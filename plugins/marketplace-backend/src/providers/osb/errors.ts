/**
 * How a broker call failed, classified by the spec's orphan-mitigation table.
 *
 * @public
 */
export type OsbFailureKind =
  /** No answer in time, or the connection broke. */
  | 'timeout'
  /** 5xx. */
  | 'server'
  /** 2xx that the spec does not allow for the call, or an unreadable body. */
  | 'malformed'
  /** 409: same id, different attributes. */
  | 'conflict'
  /** 422 ConcurrencyError: another operation is in flight; try later. */
  | 'concurrency'
  /** Any other 4xx: the broker refused, nothing changed. */
  | 'rejected';

/**
 * A failed call to a service broker.
 *
 * @public
 */
export class OsbRequestError extends Error {
  constructor(
    readonly kind: OsbFailureKind,
    message: string,
    readonly status?: number,
    readonly brokerError?: string,
    /** Whether the spec calls for orphan mitigation after this failure. */
    readonly orphanMitigation = false,
  ) {
    super(message);
    this.name = 'OsbRequestError';
  }

  /** Failures that may succeed when simply tried again later. */
  get transient(): boolean {
    return ['timeout', 'server', 'malformed', 'concurrency'].includes(
      this.kind,
    );
  }
}
