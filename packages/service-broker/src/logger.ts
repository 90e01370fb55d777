/** The little the broker needs from a logger. @public */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One JSON line per message on stdout/stderr, for log collectors. @public */
export const jsonLogger: Logger = {
  info: message => process.stdout.write(`${line('info', message)}\n`),
  warn: message => process.stderr.write(`${line('warn', message)}\n`),
  error: message => process.stderr.write(`${line('error', message)}\n`),
};

function line(level: string, message: string) {
  return JSON.stringify({ time: new Date().toISOString(), level, message });
}

/** Discards everything (tests). @public */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
