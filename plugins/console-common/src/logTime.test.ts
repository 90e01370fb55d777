import { logTimeKey, logTimeKeyOfMillis } from './logTime';

describe('logTimeKey', () => {
  it('orders timestamps whose fractions the kubelet shortened', () => {
    const written = [
      '2026-01-02T03:04:05.5Z',
      '2026-01-02T03:04:05Z',
      '2026-01-02T03:04:05.123456789Z',
      '2026-01-02T05:04:04.9+02:00',
    ];
    const keys = written.map(t => logTimeKey(t)!);
    expect([...keys].sort()).toEqual([
      '2026-01-02T03:04:04.900000000Z',
      '2026-01-02T03:04:05.000000000Z',
      '2026-01-02T03:04:05.123456789Z',
      '2026-01-02T03:04:05.500000000Z',
    ]);
    // As raw strings, 05.5 would sort before 05.
    expect(['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.5Z'].sort()).toEqual([
      '2026-01-02T03:04:05.5Z',
      '2026-01-02T03:04:05Z',
    ]);
  });

  it('refuses what is not RFC 3339 and keys moments the same way', () => {
    expect(logTimeKey('yesterday')).toBeUndefined();
    expect(logTimeKey('2026-01-02 03:04:05Z')).toBeUndefined();
    expect(logTimeKeyOfMillis(Date.parse('2026-01-02T03:04:05.12Z'))).toBe(
      logTimeKey('2026-01-02T03:04:05.12Z'),
    );
  });
});
