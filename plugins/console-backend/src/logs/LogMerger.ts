import { TimedLine } from './logLine';

/** @internal */
export interface MergedLine extends TimedLine {
  source: string;
}

interface SourceState {
  /** Key of the newest line seen; nothing earlier is expected any more. */
  lastKey: string;
  lastSeenAt: number;
}

/**
 * Merges the log streams of several containers into one stream in time
 * order.
 *
 * @remarks
 * Each container's lines arrive in order, so a buffered line may be emitted
 * once every other open stream has already passed its time. A stream that
 * stays silent for `idleMs` stops holding the others back; a line it sends
 * later may then come slightly out of order, which is the price of showing
 * busy containers live.
 *
 * Held lines are bounded by `maxHeldChars` (text characters): past it, the
 * oldest are emitted even though a stream might still send an earlier one,
 * so a silent-but-recent stream cannot make the merger hold a busy one's
 * lines without limit.
 *
 * @internal
 */
export class LogMerger {
  private readonly sources = new Map<string, SourceState>();
  private buffer: MergedLine[] = [];
  private heldChars = 0;

  constructor(
    private readonly emit: (line: MergedLine) => void,
    private readonly options: {
      idleMs: number;
      /** Default 1 Mi characters. */
      maxHeldChars?: number;
      now?: () => number;
    },
  ) {}

  /** Characters of text held back for ordering (for tests). */
  held(): number {
    return this.heldChars;
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  addSource(source: string) {
    this.sources.set(source, { lastKey: '', lastSeenAt: this.now() });
  }

  /** A stream ended: it no longer holds others back. */
  endSource(source: string) {
    this.sources.delete(source);
    this.drain();
  }

  /** A stream got to `key` without a line to show (e.g. filtered out). */
  advance(source: string, key: string) {
    const state = this.sources.get(source);
    if (state) {
      if (key > state.lastKey) state.lastKey = key;
      state.lastSeenAt = this.now();
    }
  }

  push(source: string, line: TimedLine) {
    this.advance(source, line.key);
    // Insert after every line with a key <= this one: stable for equal times.
    let low = 0;
    let high = this.buffer.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.buffer[mid].key <= line.key) low = mid + 1;
      else high = mid;
    }
    this.buffer.splice(low, 0, { ...line, source });
    this.heldChars += line.text.length;
    this.drain();
    const max = this.options.maxHeldChars ?? 1024 * 1024;
    let over = 0;
    for (let held = this.heldChars; held > max; over++) {
      held -= this.buffer[over].text.length;
    }
    if (over) this.release(over);
  }

  /** Emits what no open, recently active stream can precede any more. */
  drain() {
    const now = this.now();
    const active = [...this.sources.values()].filter(
      s => now - s.lastSeenAt < this.options.idleMs,
    );
    const watermark = active.length
      ? active.reduce(
          (min, s) => (s.lastKey < min ? s.lastKey : min),
          active[0].lastKey,
        )
      : undefined;
    let count = 0;
    while (
      count < this.buffer.length &&
      (watermark === undefined || this.buffer[count].key <= watermark)
    ) {
      count++;
    }
    if (count) this.release(count);
  }

  /** Emits everything buffered, e.g. when the client goes away. */
  flush() {
    this.release(this.buffer.length);
  }

  private release(count: number) {
    const ready = this.buffer.splice(0, count);
    ready.forEach(line => {
      this.heldChars -= line.text.length;
      this.emit(line);
    });
  }
}
