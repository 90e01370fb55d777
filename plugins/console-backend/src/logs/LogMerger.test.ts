import { parseTimedLine } from './logLine';
import { LogMerger, MergedLine } from './LogMerger';

describe('parseTimedLine', () => {
  it('splits kubelet timestamps and normalises them into sortable keys', () => {
    expect(parseTimedLine('2026-01-02T03:04:05.12Z hello world')).toEqual({
      timestamp: '2026-01-02T03:04:05.12Z',
      key: '2026-01-02T03:04:05.120000000Z',
      text: 'hello world',
    });
    expect(parseTimedLine('2026-01-02T05:04:05+02:00 x').key).toBe(
      '2026-01-02T03:04:05.000000000Z',
    );
    expect(parseTimedLine('no time here', 'k')).toEqual({
      timestamp: '',
      key: 'k',
      text: 'no time here',
    });
  });
});

describe('LogMerger', () => {
  const line = (t: string, text = t) =>
    parseTimedLine(`2026-01-01T00:00:0${t}Z ${text}`);

  it('merges backlogs of several streams in time order', () => {
    const out: MergedLine[] = [];
    const merger = new LogMerger(l => out.push(l), {
      idleMs: 1000,
      now: () => 0,
    });
    merger.addSource('a');
    merger.addSource('b');
    merger.push('a', line('1'));
    merger.push('a', line('3'));
    merger.push('a', line('5'));
    expect(out).toEqual([]); // b has said nothing yet: it may still have earlier lines
    merger.push('b', line('2'));
    merger.push('b', line('4'));
    expect(out.map(l => `${l.source}${l.text}`)).toEqual([
      'a1',
      'b2',
      'a3',
      'b4',
    ]);
    merger.endSource('b');
    expect(out.map(l => l.text)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('stops waiting for a stream that stays silent', () => {
    let now = 0;
    const out: MergedLine[] = [];
    const merger = new LogMerger(l => out.push(l), {
      idleMs: 500,
      now: () => now,
    });
    merger.addSource('busy');
    merger.addSource('quiet');
    merger.push('busy', line('1'));
    expect(out).toEqual([]);
    now = 600;
    merger.push('busy', line('2'));
    expect(out.map(l => l.text)).toEqual(['1', '2']);
  });

  it('keeps the arrival order of lines with the same time and flushes the rest', () => {
    const out: MergedLine[] = [];
    const merger = new LogMerger(l => out.push(l), {
      idleMs: 1000,
      now: () => 0,
    });
    merger.addSource('a');
    merger.addSource('b');
    merger.push('a', line('1', 'first'));
    merger.push('a', line('1', 'second'));
    merger.flush();
    expect(out.map(l => l.text)).toEqual(['first', 'second']);
  });

  it('emits the oldest held lines once the held text passes its limit', () => {
    const out: MergedLine[] = [];
    const merger = new LogMerger(l => out.push(l), {
      idleMs: 1000,
      maxHeldChars: 25,
      now: () => 0,
    });
    merger.addSource('busy');
    merger.addSource('quiet'); // recently active, so it holds busy's lines back
    merger.push('busy', line('1', 'a'.repeat(10)));
    merger.push('busy', line('2', 'b'.repeat(10)));
    expect(out).toEqual([]);
    expect(merger.held()).toBe(20);
    merger.push('busy', line('3', 'c'.repeat(10)));
    expect(out.map(l => l.text[0])).toEqual(['a']);
    expect(merger.held()).toBe(20);
    merger.push('busy', line('4', 'd'.repeat(30)));
    expect(out.map(l => l.text[0])).toEqual(['a', 'b', 'c', 'd']);
    expect(merger.held()).toBe(0);
  });
});
