import { parseLogRecord } from './logRecord';

describe('parseLogRecord', () => {
  it('reads JSON lines as fields with their level and message', () => {
    expect(
      parseLogRecord(
        '{"ts":"2026-01-01T00:00:00Z","level":"error","msg":"request failed","status":500,"tags":["a"],"ok":false}',
      ),
    ).toEqual({
      fields: {
        ts: '2026-01-01T00:00:00Z',
        level: 'error',
        msg: 'request failed',
        status: '500',
        tags: '["a"]',
        ok: 'false',
      },
      level: 'error',
      message: 'request failed',
      levelKey: 'level',
      messageKey: 'msg',
    });
  });

  it.each([
    ['{"level":"fatal","msg":"x"}', 'error'],
    ['{"severity":"WARNING","message":"x"}', 'warn'],
    ['{"lvl":"trace","msg":"x"}', 'debug'],
    ['{"level":"info","msg":"x"}', 'info'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"level":40,"msg":"pino warn"}', 'warn'],
    ['{"level":20,"msg":"pino debug"}', 'debug'],
    ['{"msg":"no level"}', undefined],
  ])('takes the level of %s as %s', (line, level) => {
    expect(parseLogRecord(line).level).toBe(level);
  });

  it.each([
    ['2026-01-01 [ERROR] disk full', 'error'],
    [
      '2026-01-01T00:00:00Z 0 [Warning] [MY-010055] [Server] IP address',
      'warn',
    ],
    ['E0101 00:00:00 main.go:1] FATAL: cannot start', 'error'],
    ['12:00:00 ERROR payment declined', 'error'],
    ['WARN: slow query', 'warn'],
    ['time=1 level=debug msg="cache miss"', 'debug'],
    ['[Note] [MY-013172] [InnoDB] Checkpoint age 12%', undefined],
    ['request completed with no error', undefined],
    ['ERRORS_TOTAL is a metric name', undefined],
  ])('reads the marker in the plain-text line %s as %s', (line, level) => {
    const record = parseLogRecord(line);
    expect(record).toEqual({ level, message: line });
  });

  it('keeps broken or non-object JSON as plain text', () => {
    expect(parseLogRecord('{"level":"error"').fields).toBeUndefined();
    expect(parseLogRecord('[1,2]').fields).toBeUndefined();
  });
});
