/** How loud a log line is, as far as colouring goes. @internal */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * A log line read as a record: the fields of a JSON line (values as text),
 * its level and its message. Plain-text lines have no fields; their message
 * is the whole line.
 *
 * @internal
 */
export interface LogRecord {
  fields?: Record<string, string>;
  level?: LogLevel;
  message: string;
  /** The fields that held the level and the message, if any. */
  levelKey?: string;
  messageKey?: string;
}

/** Field names structured loggers use, first match wins. */
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', 'loglevel'];
const MESSAGE_KEYS = ['msg', 'message', 'event'];
/** Timestamps inside the record: the kubelet's time is shown instead. */
export const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp', 'date'];

const LEVEL_WORDS: Record<string, LogLevel> = {
  fatal: 'error',
  panic: 'error',
  critical: 'error',
  crit: 'error',
  emerg: 'error',
  emergency: 'error',
  alert: 'error',
  error: 'error',
  err: 'error',
  warning: 'warn',
  warn: 'warn',
  notice: 'info',
  info: 'info',
  information: 'info',
  debug: 'debug',
  trace: 'debug',
  verbose: 'debug',
};

/** pino/bunyan numeric levels: 10 trace … 60 fatal. */
function numericLevel(value: number): LogLevel {
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  return 'debug';
}

function levelOf(value: unknown): LogLevel | undefined {
  if (typeof value === 'number') return numericLevel(value);
  if (typeof value !== 'string') return undefined;
  return LEVEL_WORDS[value.trim().toLowerCase()];
}

/**
 * Level markers of plain-text logs: `[ERROR]`, `[Warning]` (any case, in
 * brackets), an upper-case word such as ` ERROR ` or `WARN:`, or logfmt's
 * `level=error`. Lower-case words in running text ("no error") are not
 * markers.
 */
const TEXT_MARKERS: Array<[RegExp, LogLevel]> = [
  [/\[(?:fatal|error|err|crit(?:ical)?|panic|emerg)\]/i, 'error'],
  [/(?:^|\s)(?:FATAL|ERROR|ERR|CRITICAL|PANIC)(?:[\s:]|$)/, 'error'],
  [/\blevel=(?:fatal|error|err|crit(?:ical)?|panic)\b/i, 'error'],
  [/\[(?:warn|warning)\]/i, 'warn'],
  [/(?:^|\s)(?:WARN|WARNING)(?:[\s:]|$)/, 'warn'],
  [/\blevel=(?:warn|warning)\b/i, 'warn'],
  [/\[(?:debug|trace)\]/i, 'debug'],
  [/(?:^|\s)(?:DEBUG|TRACE)(?:[\s:]|$)/, 'debug'],
  [/\blevel=(?:debug|trace)\b/i, 'debug'],
];

function textLevel(text: string): LogLevel | undefined {
  return TEXT_MARKERS.find(([pattern]) => pattern.test(text))?.[1];
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Reads a log line: a JSON object becomes fields (nested values as JSON
 * text), with its level and message; anything else is plain text whose level
 * comes from the usual markers.
 *
 * @internal
 */
export function parseLogRecord(text: string): LogRecord {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const object = parsed as Record<string, unknown>;
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries(object)) {
        fields[key] = asText(value);
      }
      const levelKey = LEVEL_KEYS.find(key => key in object);
      const messageKey = MESSAGE_KEYS.find(key => key in object);
      return {
        fields,
        level: levelKey ? levelOf(object[levelKey]) : undefined,
        message: messageKey ? fields[messageKey] : '',
        levelKey,
        messageKey,
      };
    }
  }
  return { level: textLevel(text), message: text };
}
