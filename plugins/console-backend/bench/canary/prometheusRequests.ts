/** The query endpoints of Prometheus's HTTP API, as its handler label names them. */
export const QUERY_HANDLERS = ['/api/v1/query', '/api/v1/query_range'];

/** `prometheus_http_requests_total` per handler. */
export type HandlerCounts = Record<string, number>;

/**
 * Reads Prometheus's own request counters from its /metrics, summed over
 * status codes, per handler. Counted by the server, so they include every
 * client of that Prometheus (the console's charts, other tests).
 */
export async function readHandlerCounts(
  prometheusUrl: string,
): Promise<HandlerCounts> {
  const res = await fetch(new URL('/metrics', prometheusUrl));
  if (!res.ok) {
    throw new Error(`${prometheusUrl}/metrics answered ${res.status}`);
  }
  const counts: HandlerCounts = {};
  for (const line of (await res.text()).split('\n')) {
    if (!line.startsWith('prometheus_http_requests_total{')) continue;
    const handler = /handler="([^"]*)"/.exec(line)?.[1];
    if (!handler) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    counts[handler] = (counts[handler] ?? 0) + value;
  }
  return counts;
}

/** Requests per query handler between two readings (handlers with none left out). */
export function queriesBetween(
  before: HandlerCounts,
  after: HandlerCounts,
): HandlerCounts {
  const delta: HandlerCounts = {};
  for (const handler of QUERY_HANDLERS) {
    const n = (after[handler] ?? 0) - (before[handler] ?? 0);
    if (n) delta[handler] = n;
  }
  return delta;
}

/**
 * Counts the query requests this process sends to one Prometheus, by
 * wrapping the global `fetch` the console's Prometheus client calls, until
 * `stop()`. Unlike the server's counters, other clients of a shared
 * Prometheus (other tests' backends) are not in it.
 */
export class OwnQueryCounter {
  private readonly counts: HandlerCounts = {};
  private readonly original = globalThis.fetch;

  constructor(prometheusUrl: string) {
    const origin = new URL(prometheusUrl).origin;
    globalThis.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.origin === origin && QUERY_HANDLERS.includes(url.pathname)) {
        this.counts[url.pathname] = (this.counts[url.pathname] ?? 0) + 1;
      }
      return this.original(input, init);
    };
  }

  /** Puts the original `fetch` back; returns the counts per handler. */
  stop(): HandlerCounts {
    globalThis.fetch = this.original;
    return this.counts;
  }
}
