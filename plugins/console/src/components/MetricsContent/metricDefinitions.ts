import { MetricName } from '@paasport/plugin-console-common';

const round = (value: number, digits: number) =>
  Number.isInteger(value) ? String(value) : value.toFixed(digits);

function bytes(value: number) {
  if (value >= 1024 ** 3) return `${round(value / 1024 ** 3, 1)} GiB`;
  if (value >= 1024 ** 2) return `${round(value / 1024 ** 2, 0)} MiB`;
  return `${round(value / 1024, 0)} KiB`;
}

/**
 * The charts of the Metrics tab, in order, with units matching the
 * backend's PromQL (cores, bytes, a count, per second, a ratio, seconds).
 *
 * @internal
 */
export const metricDefinitions: Array<{
  name: MetricName;
  title: string;
  format: (value: number) => string;
  /** A count: whole numbers on the axis. */
  integer?: boolean;
}> = [
  {
    name: 'cpu',
    title: 'CPU',
    format: v => (v < 1 ? `${Math.round(v * 1000)}m` : `${round(v, 2)} cores`),
  },
  { name: 'memory', title: 'Memory (working set)', format: bytes },
  {
    // The backend counts restarts in the hour before each point, so the
    // number is the same at every range (see its queries.ts).
    name: 'restarts',
    title: 'Container restarts (past hour)',
    format: v => round(v, 0),
    integer: true,
  },
  { name: 'pods', title: 'Pods', format: v => round(v, 0), integer: true },
  {
    name: 'requestRate',
    title: 'Request rate',
    format: v => `${round(v, 1)}/s`,
  },
  {
    name: 'errorRate',
    title: 'Error rate (5xx)',
    format: v => `${round(v * 100, 1)}%`,
  },
  {
    name: 'latencyP95',
    title: 'Latency p95',
    format: v => `${Math.round(v * 1000)} ms`,
  },
];

/** The ranges offered, as the backend's duration strings. @internal */
export const metricRanges: Array<[label: string, range: string]> = [
  ['15 minutes', '15m'],
  ['1 hour', '1h'],
  ['6 hours', '6h'],
  ['24 hours', '24h'],
  ['7 days', '7d'],
];
