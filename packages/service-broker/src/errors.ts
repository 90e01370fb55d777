/**
 * An error that the router turns into an OSB error body
 * (`{ error, description }`) with the given HTTP status.
 *
 * @public
 */
export class OsbError extends Error {
  constructor(
    readonly status: number,
    readonly error: string | undefined,
    description: string,
  ) {
    super(description);
    this.name = 'OsbError';
  }

  /** 400: the request is malformed or misses mandatory data. */
  static badRequest(description: string) {
    return new OsbError(400, 'BadRequest', description);
  }

  /** 404: the instance or binding does not exist. */
  static notFound(description: string) {
    return new OsbError(404, 'NotFound', description);
  }

  /** 422 `ConcurrencyError`: another operation on the resource is in flight. */
  static concurrency(description: string) {
    return new OsbError(422, 'ConcurrencyError', description);
  }

  /** 422 `AsyncRequired`: the client did not send `accepts_incomplete=true`. */
  static asyncRequired() {
    return new OsbError(
      422,
      'AsyncRequired',
      'This Service Plan requires client support for asynchronous service operations.',
    );
  }
}
