import { logTimeKeyOfMillis } from '@paasport/plugin-console-common';
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

/** A line stamped `ms` after the epoch. */
const at = (ms: number, text = String(ms)) =>
  parseTimedLine(`${new Date(ms).toISOString()} ${text}`);

const T0 = Date.parse('2026-01-01T00:00:00Z');

function setup(options: { maxHeldChars?: number; answerWaitMs?: number } = {}) {
  let now = T0;
  const out: MergedLine[] = [];
  const merger = new LogMerger(l => out.push(l), {
    settleMs: 1000,
    latenessMs: 2500,
    ...options,
    now: () => now,
  });
  return {
    merger,
    out,
    texts: () => out.map(l => l.text),
    time: () => now,
    /** Moves the clock on and drains, as the service's timer does. */
    tick(ms: number) {
      now += ms;
      merger.drain();
    },
  };
}

describe('LogMerger', () => {
  it('merges backlogs of several streams in time order', () => {
    const { merger, texts } = setup();
    merger.addSource('a');
    merger.addSource('b');
    merger.push('a', at(T0 - 9000, 'a1'));
    merger.push('a', at(T0 - 7000, 'a3'));
    merger.push('a', at(T0 - 5000, 'a5'));
    expect(texts()).toEqual([]); // b has said nothing yet: it may still have earlier lines
    merger.push('b', at(T0 - 8000, 'b2'));
    merger.push('b', at(T0 - 6000, 'b4'));
    expect(texts()).toEqual(['a1', 'b2', 'a3', 'b4']);
    merger.endSource('b');
    expect(texts()).toEqual(['a1', 'b2', 'a3', 'b4', 'a5']);
  });

  it('waits for a quiet stream until its backlog is over, then only for lines younger than the lateness', () => {
    const { merger, texts, tick } = setup();
    merger.addSource('busy');
    merger.addSource('quiet');
    merger.answered('quiet'); // answered, nothing sent yet: its tail may come
    merger.push('busy', at(T0 - 60_000, 'old'));
    merger.push('busy', at(T0 - 1000, 'recent'));
    tick(900);
    expect(texts()).toEqual([]);
    // Quiet for settleMs after answering: its backlog is over, and whatever
    // it writes from now on is stamped after now − lateness.
    tick(100);
    expect(texts()).toEqual(['old']);
    tick(1600); // now = T0 + 2600: 'recent' (T0 − 1000) is older than now − 2500
    expect(texts()).toEqual(['old', 'recent']);
    merger.push('busy', at(T0 + 2500, 'new'));
    tick(100);
    expect(texts()).toEqual(['old', 'recent']);
    // The quiet stream's line, written in time, still lands before 'new'.
    merger.push('quiet', at(T0 + 2000, 'late but in time'));
    tick(1000);
    expect(texts()).toEqual(['old', 'recent', 'late but in time']);
    tick(2500);
    expect(texts()).toEqual(['old', 'recent', 'late but in time', 'new']);
  });

  it('holds the others while a stream has not answered, at most answerWaitMs', () => {
    const { merger, texts, tick } = setup({ answerWaitMs: 3000 });
    merger.addSource('a');
    merger.addSource('slow');
    merger.push('a', at(T0 - 60_000, 'a'));
    tick(2000);
    expect(texts()).toEqual([]);
    tick(1000);
    expect(texts()).toEqual(['a']);
  });

  it('never passes a paused stream, however long it is quiet', () => {
    const { merger, texts, tick } = setup();
    merger.addSource('a');
    merger.addSource('b');
    merger.answered('b');
    merger.push('b', at(T0 - 50_000, 'b'));
    merger.paused('b', true); // its client is congested: more may wait upstream
    merger.push('a', at(T0 - 40_000, 'a'));
    merger.endSource('a');
    tick(10_000);
    expect(texts()).toEqual(['b']);
    merger.paused('b', false);
    tick(500); // just resumed: reading what waited
    merger.push('b', at(T0 - 45_000, 'b unread'));
    expect(texts()).toEqual(['b', 'b unread']);
    tick(1000); // quiet again: past its backlog
    expect(texts()).toEqual(['b', 'b unread', 'a']);
  });

  it('keeps the arrival order of lines with the same time, across streams', () => {
    const { merger, texts } = setup();
    merger.addSource('a');
    merger.addSource('b');
    merger.push('a', at(T0, 'a first'));
    merger.push('b', at(T0, 'b second'));
    merger.push('a', at(T0, 'a third'));
    merger.push('b', at(T0 + 1, 'b later'));
    merger.endSource('a');
    merger.endSource('b');
    expect(texts()).toEqual(['a first', 'b second', 'a third', 'b later']);
  });

  it('still emits a line that arrives later than the lateness allows', () => {
    const { merger, texts, tick } = setup();
    merger.addSource('a');
    merger.addSource('stalled');
    merger.answered('stalled');
    merger.push('a', at(T0 - 3000, 'a'));
    tick(1000);
    expect(texts()).toEqual(['a']);
    merger.push('stalled', at(T0 - 4000, 'stalled'));
    tick(1000);
    expect(texts()).toEqual(['a', 'stalled']);
  });

  it('emits the oldest held lines once the held text passes its limit', () => {
    const { merger, out } = setup({ maxHeldChars: 25 });
    merger.addSource('busy');
    merger.addSource('quiet'); // has not answered: it holds busy's lines back
    merger.push('busy', at(T0 + 1, 'a'.repeat(10)));
    merger.push('busy', at(T0 + 2, 'b'.repeat(10)));
    expect(out).toEqual([]);
    expect(merger.held()).toBe(20);
    merger.push('busy', at(T0 + 3, 'c'.repeat(10)));
    expect(out.map(l => l.text[0])).toEqual(['a']);
    expect(merger.held()).toBe(20);
    merger.push('busy', at(T0 + 4, 'd'.repeat(30)));
    expect(out.map(l => l.text[0])).toEqual(['a', 'b', 'c', 'd']);
    expect(merger.held()).toBe(0);
  });

  it('emits every line in time order for streams that answer, send a tail and then follow', () => {
    // A simulation of the demo: every pod answers within 400 ms, sends its
    // tail in a few chunks, then writes 0-2 lines a second stamped within
    // the second before, delivered up to 300 ms later.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    type Event = { at: number; run: () => void };
    const { merger, out, tick, time } = setup();
    const events: Event[] = [];
    const sent: string[] = [];
    const pods = ['p1', 'p2', 'p3', 'p4'];
    for (const pod of pods) {
      merger.addSource(pod);
      const answerAt = T0 + Math.floor(random() * 400);
      events.push({ at: answerAt, run: () => merger.answered(pod) });
      const tail = Array.from({ length: 30 }, (_, i) =>
        at(T0 - 1_800_000 + i * 4500 + Math.floor(random() * 4000), `${pod}`),
      );
      tail.forEach((line, i) => {
        sent.push(line.key);
        events.push({
          at: answerAt + Math.floor(i / 10) * 150,
          run: () => merger.push(pod, line),
        });
      });
      for (let second = 1; second <= 30; second++) {
        const tickAt = T0 + second * 1000;
        const count = Math.floor(random() * 3);
        const delay = Math.floor(random() * 300);
        for (let i = 0; i < count; i++) {
          const line = at(tickAt - 1000 + ((i + 1) * 1000) / (count + 1), pod);
          sent.push(line.key);
          events.push({
            at: tickAt + delay,
            run: () => merger.push(pod, line),
          });
        }
      }
    }
    // Stable sort keeps each pod's lines in the order they were written.
    events.sort((x, y) => x.at - y.at);
    // The service's timer drains every 250 ms.
    const runUntil = (until: number) => {
      while (time() + 250 < until) tick(250);
      tick(until - time());
    };
    for (const event of events) {
      runUntil(event.at);
      event.run();
    }
    runUntil(T0 + 40_000);
    const keys = out.map(l => l.key);
    expect(keys).toHaveLength(sent.length);
    expect(keys).toEqual([...sent].sort());
    expect(merger.held()).toBe(0);
  });

  it('makes keys of moments comparable with keys of timestamps', () => {
    expect(logTimeKeyOfMillis(T0 + 1)).toBe(at(T0 + 1).key);
  });
});
