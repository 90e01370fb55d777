import type { IncomingMessage } from 'node:http';

/**
 * A non-2xx answer of a cluster's API server to a raw request.
 *
 * @remarks
 * `code` is the HTTP status, like client-node's `ApiException`, so callers
 * branch the same way on both (see {@link kubernetesErrorStatus}).
 *
 * @public
 */
export class KubernetesApiError extends Error {
  readonly code: number;
  /** The `reason` of the Kubernetes `Status` answer, e.g. `Expired`. */
  readonly reason?: string;
  readonly body: string;

  constructor(cluster: string, code: number, body: string) {
    const status = parseStatus(body);
    super(
      `${cluster}: HTTP ${code}${status.message ? `: ${status.message}` : ''}`,
    );
    this.name = 'KubernetesApiError';
    this.code = code;
    this.reason = status.reason;
    this.body = body;
  }
}

function parseStatus(body: string): { message?: string; reason?: string } {
  try {
    const parsed = JSON.parse(body);
    return {
      message: typeof parsed?.message === 'string' ? parsed.message : undefined,
      reason: typeof parsed?.reason === 'string' ? parsed.reason : undefined,
    };
  } catch {
    return { message: body.slice(0, 200) || undefined };
  }
}

/** Reads a whole response body as UTF-8. */
export async function readBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Names the cluster in connection errors, but keeps aborts recognisable. */
export function requestError(
  cluster: string,
  path: string,
  error: Error,
): Error {
  if (error.name === 'AbortError') {
    return error;
  }
  return new Error(`${cluster}: ${path}: ${error.message}`, { cause: error });
}
