/** What {@link mergeByTime} needs of an entry. @internal */
export interface Ordered {
  /** Sorts in time order (`logTimeKey`); equal keys keep arrival order. */
  key: string;
  /** Arrival order. */
  id: number;
}

const byTime = (a: Ordered, b: Ordered) => {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.id - b.id;
};

/**
 * `lines` (in time order) with `batch` placed by time: the view stays in
 * time order even when a line arrives after later ones (a stalled pod, a
 * second cluster). The common case, a batch newer than everything shown,
 * is a plain append.
 *
 * @internal
 */
export function mergeByTime<T extends Ordered>(lines: T[], batch: T[]): T[] {
  if (!batch.length) return lines;
  const sorted = [...batch].sort(byTime);
  if (!lines.length || byTime(lines[lines.length - 1], sorted[0]) <= 0) {
    return lines.concat(sorted);
  }
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < lines.length && j < sorted.length) {
    merged.push(byTime(lines[i], sorted[j]) <= 0 ? lines[i++] : sorted[j++]);
  }
  return merged.concat(lines.slice(i), sorted.slice(j));
}
