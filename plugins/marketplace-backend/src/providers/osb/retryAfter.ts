/**
 * Reads a `Retry-After` header (seconds or an HTTP date) as milliseconds,
 * bounded so a broker cannot park a request for hours or hammer itself.
 */
export function parseRetryAfter(
  header: string | null,
  bounds: { minMs: number; maxMs: number },
): number | undefined {
  if (!header) {
    return undefined;
  }
  let ms: number;
  if (/^\d+$/.test(header.trim())) {
    ms = Number(header.trim()) * 1000;
  } else {
    const date = Date.parse(header);
    if (Number.isNaN(date)) {
      return undefined;
    }
    ms = date - Date.now();
  }
  return Math.min(bounds.maxMs, Math.max(bounds.minMs, ms));
}
