import { kubernetesErrorStatus } from '@paasport/kubernetes-node';
import { ProviderError } from '@paasport/plugin-marketplace-node';

/** The API server's own words for a failed call, without client-node's wrapping. */
export function apiErrorMessage(error: unknown): string {
  const body = (error as { body?: unknown } | undefined)?.body;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message) return message;
  if (error instanceof Error) {
    // client-node's ApiException message repeats the whole body; keep it short.
    return error.message.split('\n')[0].slice(0, 300);
  }
  return String(error).slice(0, 300);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Turns a failed Kubernetes call into the marketplace's error model.
 *
 * @remarks
 * Refusals (403), invalid objects (400/422) and missing APIs (404 on a
 * collection: the operator's CRD is not installed) do not heal by retrying;
 * everything else (timeouts, 5xx, 409 races, connection errors) does.
 * `orphanRisk` is set by callers that may have created something already.
 */
export function toProviderError(
  error: unknown,
  what: string,
  options: { orphanRisk?: boolean } = {},
): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = kubernetesErrorStatus(error);
  const detail = apiErrorMessage(error);
  const retryable = !(
    status === 400 ||
    status === 403 ||
    status === 404 ||
    status === 422
  );
  let prefix = `Cannot ${what}`;
  if (status === 403) prefix = `Not allowed to ${what}`;
  if (status === 404) {
    prefix = `Cannot ${what}: the API is not served (is the operator installed?)`;
  }
  return new ProviderError(`${prefix}: ${detail}`, {
    retryable,
    orphanRisk: options.orphanRisk,
    cause: error,
  });
}

/** A configuration or input problem: retrying cannot help. */
export function invalid(message: string): ProviderError {
  return new ProviderError(message, { retryable: false });
}
