import { LogRecord } from './logRecord';

/**
 * Keeps the lines whose `key` is `value`: a field of JSON lines, or the pod
 * the line came from.
 *
 * @internal
 */
export interface FieldFilter {
  on: 'field' | 'pod';
  key: string;
  value: string;
}

/** `status=500`, as the filter's chip shows it. @internal */
export const filterLabel = (filter: FieldFilter) =>
  `${filter.key}=${filter.value}`;

/** Same field and value. @internal */
export const sameFilter = (a: FieldFilter, b: FieldFilter) =>
  a.on === b.on && a.key === b.key && a.value === b.value;

/**
 * Whether a line passes every filter (plain-text lines have no fields, so a
 * field filter drops them).
 *
 * @internal
 */
export function matchesFilters(
  line: { pod?: string; record: LogRecord },
  filters: FieldFilter[],
): boolean {
  return filters.every(filter =>
    filter.on === 'pod'
      ? line.pod === filter.value
      : line.record.fields?.[filter.key] === filter.value,
  );
}
