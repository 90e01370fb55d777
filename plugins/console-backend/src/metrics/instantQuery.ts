import { prometheusGet } from './prometheusApi';

const TIMEOUT_MS = 5_000;

/**
 * Evaluates a PromQL expression that aggregates to one series at one moment
 * (now, or `time` in Unix seconds). `null` when the result is empty or not
 * a number (a ratio of no traffic is NaN): nothing to judge by.
 *
 * @internal
 */
export async function instantQuery(
  baseUrl: string,
  promql: string,
  time?: number,
): Promise<number | null> {
  const params: Record<string, string> = { query: promql };
  if (time !== undefined) params.time = String(time);
  const data = await prometheusGet<{
    result: Array<{ value: [number, string] }>;
  }>(baseUrl, '/api/v1/query', params, TIMEOUT_MS);
  const value = Number(data?.result[0]?.value?.[1]);
  return Number.isFinite(value) ? value : null;
}
