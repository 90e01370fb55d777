/**
 * A log line of one container, with the timestamp the kubelet put in front
 * of it (`timestamps=true`).
 *
 * @internal
 */
export interface TimedLine {
  /** RFC 3339 as the kubelet wrote it. */
  timestamp: string;
  /** Sorts in time order as a plain string (UTC, 9 fraction digits). */
  key: string;
  text: string;
}

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) (.*)$/s;

/**
 * Splits `2026-01-02T03:04:05.123456789Z text` into time and text. A line
 * without a timestamp (should not happen with `timestamps=true`) sorts as
 * `fallbackKey`, normally the previous line's, so it stays in place.
 *
 * @internal
 */
export function parseTimedLine(raw: string, fallbackKey = ''): TimedLine {
  const match = TIMESTAMP.exec(raw);
  if (!match) {
    return { timestamp: '', key: fallbackKey, text: raw };
  }
  const [, seconds, fraction = '', zone, text] = match;
  let utcSeconds = seconds;
  if (zone !== 'Z') {
    // Rare (kubelets write UTC); normalise so keys compare across pods.
    utcSeconds = new Date(`${seconds}${zone}`).toISOString().slice(0, 19);
  }
  return {
    timestamp: `${seconds}${fraction ? `.${fraction}` : ''}${zone}`,
    key: `${utcSeconds}.${fraction.padEnd(9, '0')}Z`,
    text,
  };
}
