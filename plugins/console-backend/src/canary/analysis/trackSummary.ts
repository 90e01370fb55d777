import { TrackSummary } from './verdict';

/**
 * Samples, median and mean of a track's finite samples, and its traffic
 * when known.
 *
 * @internal
 */
export function summarizeTrack(values: number[], total?: number): TrackSummary {
  const summary: TrackSummary = {
    samples: values.length,
    median: median(values),
    mean:
      values.length === 0
        ? null
        : values.reduce((sum, v) => sum + v, 0) / values.length,
  };
  // JSON has no NaN: an unknown total is left out.
  if (total !== undefined && Number.isFinite(total)) summary.total = total;
  return summary;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}
