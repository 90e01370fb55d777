/**
 * One answer of Prometheus's HTTP API: `data` on success, `error` otherwise.
 */
interface PrometheusAnswer<T> {
  status: 'success' | 'error';
  error?: string;
  data?: T;
}

/**
 * Asks Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`) and
 * returns its `data`; throws with Prometheus's own error message (a bad
 * query, a timeout) or the HTTP status when it gave none, so callers can
 * say which cluster's Prometheus failed and why.
 *
 * @internal
 */
export async function prometheusGet<T>(
  baseUrl: string,
  path: '/api/v1/query' | '/api/v1/query_range',
  params: Record<string, string>,
  timeoutMs: number,
): Promise<T | undefined> {
  const url = new URL(`${baseUrl}${path}`);
  url.search = new URLSearchParams(params).toString();
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  // A proxy in front of Prometheus may answer with HTML: no body to read.
  const answer = (await response
    .json()
    .catch(() => ({}))) as PrometheusAnswer<T>;
  if (!response.ok || answer.status !== 'success') {
    throw new Error(answer.error ?? `HTTP ${response.status}`);
  }
  return answer.data;
}
