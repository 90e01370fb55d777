import { logTimeKey } from '@paasport/plugin-console-common';

/**
 * A log line of one container, with the timestamp the kubelet put in front
 * of it (`timestamps=true`).
 *
 * @internal
 */
export interface TimedLine {
  /** RFC 3339 as the kubelet wrote it. */
  timestamp: string;
  /** Sorts in time order as a plain string (see `logTimeKey`). */
  key: string;
  text: string;
}

const TIMESTAMP = /^(\S+) (.*)$/s;

/**
 * Splits `2026-01-02T03:04:05.123456789Z text` into time and text. A line
 * without a timestamp (should not happen with `timestamps=true`) sorts as
 * `fallbackKey`, normally the previous line's, so it stays in place.
 *
 * @internal
 */
export function parseTimedLine(raw: string, fallbackKey = ''): TimedLine {
  const match = TIMESTAMP.exec(raw);
  const key = match && logTimeKey(match[1]);
  if (!match || !key) {
    return { timestamp: '', key: fallbackKey, text: raw };
  }
  return { timestamp: match[1], key, text: match[2] };
}
