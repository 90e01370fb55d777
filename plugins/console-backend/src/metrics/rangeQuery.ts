import { MetricPoints } from '@paasport/plugin-console-common';
import { prometheusGet } from './prometheusApi';

const TIMEOUT_MS = 10_000;

/**
 * Evaluates a PromQL expression that aggregates to one series at every
 * `step` seconds from `start` to `end`; no data is an empty series.
 *
 * @internal
 */
export async function rangeQuery(
  baseUrl: string,
  promql: string,
  range: { start: number; end: number; step: number },
): Promise<MetricPoints> {
  const data = await prometheusGet<{
    result: Array<{ values: Array<[number, string]> }>;
  }>(
    baseUrl,
    '/api/v1/query_range',
    {
      query: promql,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    },
    TIMEOUT_MS,
  );
  const values = data?.result[0]?.values ?? [];
  return values
    .map(([t, v]): [number, number] => [Number(t), Number(v)])
    .filter(([, v]) => Number.isFinite(v));
}
