import { kubernetesErrorStatus } from '@paasport/kubernetes-node';
import { ProviderError } from '@paasport/plugin-marketplace-node';

/** The API server's own words for a failed call, without client wrapping. */
export function apiErrorMessage(error: unknown): string {
  const body = (error as { body?: unknown } | undefined)?.body;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message) return message;
  if (error instanceof Error) {
    // A client's message may repeat the whole body; keep it short.
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
 * Errors of the object layer (`KubernetesObjects`) already say what was
 * done, on which cluster and as whom, and keep the API server's status as
 * their cause; they are passed on with that message. Refusals (403: the
 * person may not), invalid objects (400/422) and kinds the cluster does not
 * serve (the operator's CRD is not installed) do not heal by retrying;
 * everything else (timeouts, 5xx, 409 races, connection errors) does.
 * `orphanRisk` is set by callers that may have created something already.
 */
export function toProviderError(
  error: unknown,
  what?: string,
  options: { orphanRisk?: boolean } = {},
): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = kubernetesErrorStatus(error);
  const notServed = isNotServed(error);
  const retryable = !(
    notServed ||
    status === 400 ||
    status === 403 ||
    status === 404 ||
    status === 422
  );
  const translated = isTranslated(error);
  const detail = translated ? (error as Error).message : apiErrorMessage(error);
  let prefix = what ? `Cannot ${what}` : '';
  if (what && status === 403) prefix = `Not allowed to ${what}`;
  if (notServed || (status === 404 && !translated)) {
    // A raw 404 on a collection: the kind's API is not there.
    prefix = `${
      prefix || 'Cannot'
    }: the API is not served (is the operator installed?)`;
  }
  return new ProviderError(prefix ? `${prefix}: ${detail}` : detail, {
    retryable,
    orphanRisk: options.orphanRisk,
    cause: error,
  });
}

/**
 * Whether the object layer made this error: a Backstage error whose cause is
 * the API failure (its message already names the call).
 */
function isTranslated(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { cause?: unknown }).cause !== undefined &&
    typeof (error as { code?: unknown }).code !== 'number'
  );
}

/** A configuration or input problem: retrying cannot help. */
export function invalid(message: string): ProviderError {
  return new ProviderError(message, { retryable: false });
}

/** Discovery's answer for a kind or group version the cluster does not serve. */
export function isNotServed(error: unknown): boolean {
  return (
    error instanceof Error &&
    !('code' in error) &&
    /does not serve/.test(error.message)
  );
}
