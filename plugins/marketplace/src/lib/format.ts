import { DateTime } from 'luxon';

/** Plan sizes are GiB; shared plans are fractions of one. */
export function formatSize(sizeGb: number): string {
  if (sizeGb < 1) return `${Math.round(sizeGb * 1024)} MiB`;
  return `${Number.isInteger(sizeGb) ? sizeGb : sizeGb.toFixed(2)} GiB`;
}

/** A timestamp as the user reads it, with the exact time in a tooltip. */
export function formatTime(iso: string): { relative: string; exact: string } {
  const time = DateTime.fromISO(iso);
  return {
    relative: time.toRelative() ?? iso,
    exact: time.toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS),
  };
}
