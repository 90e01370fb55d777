import { DateTime } from 'luxon';

/**
 * A log line's time as both views show it (local, to the millisecond); the
 * full timestamp is in `dateTime`.
 *
 * @internal
 */
export function LogTime(props: { timestamp?: string; className?: string }) {
  if (!props.timestamp) return null;
  return (
    <time className={props.className} dateTime={props.timestamp}>
      {DateTime.fromISO(props.timestamp).toFormat('HH:mm:ss.SSS')}
    </time>
  );
}
