import { LogEntry } from '../../hooks/useLogStream';
import { TIME_KEYS } from '../../logs/logRecord';

/** Columns of fields beyond time, pod, level and message, at most. */
export const MAX_FIELD_COLUMNS = 12;

/**
 * The fields of the JSON lines shown as columns after time, pod, level and
 * message, in the order they were first seen (records' own time, level and
 * message fields have columns of their own).
 *
 * @internal
 */
export function fieldColumns(lines: LogEntry[]): string[] {
  const seen = new Set<string>();
  for (const line of lines) {
    const record = line.record;
    if (!record?.fields) continue;
    for (const key of Object.keys(record.fields)) {
      if (
        key !== record.levelKey &&
        key !== record.messageKey &&
        !TIME_KEYS.includes(key)
      ) {
        seen.add(key);
        if (seen.size >= MAX_FIELD_COLUMNS) return [...seen];
      }
    }
  }
  return [...seen];
}
