import { DateTime } from 'luxon';

/**
 * An error rate (0–1) as people read it: `6.1 %`, `0.4 %`, `12 %`; a rate
 * too small for one decimal is `<0.1 %`, not a misleading `0.0 %`.
 *
 * @public
 */
export function formatErrorRate(rate: number): string {
  const percent = rate * 100;
  if (percent > 0 && percent < 0.05) return '<0.1 %';
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/**
 * A latency in seconds as `48 ms` or `1.2 s`.
 *
 * @public
 */
export function formatLatency(seconds: number): string {
  if (seconds > 0 && seconds < 0.0005) return '<1 ms';
  return seconds < 1
    ? `${Math.round(seconds * 1000)} ms`
    : `${seconds.toFixed(1)} s`;
}

/** A length of time in the largest unit that keeps it a whole number. */
export function formatDuration(seconds: number): string {
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds >= 2 * 86400) return plural(Math.floor(seconds / 86400), 'day');
  if (seconds >= 2 * 3600) return plural(Math.floor(seconds / 3600), 'hour');
  return plural(Math.max(1, Math.round(seconds / 60)), 'minute');
}

/** A moment (Unix seconds) as a short local date and time. */
export function formatMoment(unixSeconds: number): string {
  return DateTime.fromSeconds(unixSeconds).toLocaleString(
    DateTime.DATETIME_MED,
  );
}
