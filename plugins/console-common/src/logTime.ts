const RFC3339 =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A log timestamp (RFC 3339, as the kubelet writes it) as a string that
 * sorts in time order: UTC with nine fraction digits. Undefined when it is
 * not RFC 3339.
 *
 * @remarks
 * The kubelet drops trailing zeros of the fraction (`…:05Z`, `…:05.1Z`,
 * `…:05.123456789Z`), so raw timestamps do not sort as strings; the backend
 * merges and the frontend orders log lines by this key.
 *
 * @public
 */
export function logTimeKey(timestamp: string): string | undefined {
  const match = RFC3339.exec(timestamp);
  if (!match) return undefined;
  const [, seconds, fraction = '', zone] = match;
  // Kubelets write UTC; other zones are normalised so keys compare.
  const utc =
    zone === 'Z'
      ? seconds
      : new Date(`${seconds}${zone}`).toISOString().slice(0, 19);
  return `${utc}.${fraction.padEnd(9, '0')}Z`;
}

/**
 * The {@link logTimeKey} of a moment given in epoch milliseconds.
 *
 * @public
 */
export function logTimeKeyOfMillis(ms: number): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}000000Z`;
}
