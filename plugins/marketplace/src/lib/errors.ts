import { isError, ResponseError } from '@backstage/errors';

/** An API failure, put the way a user needs to read it. */
export interface DescribedError {
  /** HTTP status, when the backend answered. */
  status?: number;
  /** What kind of refusal this is. */
  title: string;
  /** The backend's own explanation: it names the field, quota or binding. */
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'The request was refused',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  422: 'The request was refused',
  501: 'Not supported',
};

/**
 * Turns an error from the marketplace client into a title and message. The
 * backend's `@backstage/errors` body carries the useful sentence in its
 * cause; the ResponseError's own message only repeats the status.
 */
export function describeApiError(error: unknown): DescribedError {
  if (ResponseError.is(error)) {
    const status = error.statusCode;
    return {
      status,
      title:
        TITLES[status] ??
        (status >= 500 ? 'The marketplace backend failed' : 'Request failed'),
      message: error.cause?.message || error.statusText || error.message,
    };
  }
  return {
    title: 'Request failed',
    // isError, not instanceof: errors may come from another realm (jsdom, iframes).
    message: isError(error) ? error.message : String(error),
  };
}
