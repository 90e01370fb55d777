import { logTimeKeyOfMillis } from '@paasport/plugin-console-common';
import { TimedLine } from './logLine';

/** @internal */
export interface MergedLine extends TimedLine {
  source: string;
}

/** How the merger decides that no earlier line can come any more. */
export interface LogOrdering {
  /**
   * A stream's backlog (its tail, or everything since) is over once the
   * stream has been quiet this long after answering.
   */
  settleMs: number;
  /**
   * The longest a line arrives after its own timestamp (the runtime stamps
   * it when written; the kubelet and API server pass it on at once). A
   * stream past its backlog that is quiet is therefore taken to be at
   * "now minus this".
   */
  latenessMs: number;
  /**
   * How long a stream whose request has not been answered yet holds the
   * others back. Default 5 s.
   */
  answerWaitMs?: number;
}

interface SourceState {
  /** Key of the newest line seen; nothing earlier is expected any more. */
  lastKey: string;
  addedAt: number;
  /** When a line or progress came last (or reading resumed). */
  lastSeenAt: number;
  answered: boolean;
  /** Its backlog is over: lines come as they are written. */
  live: boolean;
  /** Not read while the client is congested: its silence means nothing. */
  paused: boolean;
}

/**
 * Merges the log streams of several containers into one stream in time
 * order, stable for equal timestamps (arrival order).
 *
 * @remarks
 * Each container's lines arrive in time order, so a line may be emitted
 * once every open stream is known to be past its time. A stream that sent a
 * line is past that line's time. A quiet stream is past nothing until its
 * backlog is over (it answered and stayed quiet for `settleMs`); after that,
 * anything it still sends was written after it went quiet, so it is past
 * "now − `latenessMs`". The price of the order is that live lines show up
 * about `latenessMs` late while some stream is quiet.
 *
 * A line that still arrives later than that (a stalled connection, a stream
 * that answered after `answerWaitMs`) is emitted at once, before lines of
 * an earlier time that were already sent: the frontend places lines by time
 * and keeps the view ordered.
 *
 * Held lines are bounded by `maxHeldChars` (text characters): past it, the
 * oldest are emitted even though a stream might still send an earlier one,
 * so a slow stream cannot make the merger hold a busy one's lines without
 * limit.
 *
 * @internal
 */
export class LogMerger {
  private readonly sources = new Map<string, SourceState>();
  private buffer: MergedLine[] = [];
  private heldChars = 0;

  constructor(
    private readonly emit: (line: MergedLine) => void,
    private readonly options: LogOrdering & {
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
    const now = this.now();
    this.sources.set(source, {
      lastKey: '',
      addedAt: now,
      lastSeenAt: now,
      answered: false,
      live: false,
      paused: false,
    });
  }

  /** The stream's request was answered: its backlog is about to come. */
  answered(source: string) {
    const state = this.sources.get(source);
    if (state) {
      state.answered = true;
      state.lastSeenAt = this.now();
    }
  }

  /** Reading the stream stops (`true`) or goes on (`false`). */
  paused(source: string, paused: boolean) {
    const state = this.sources.get(source);
    if (state) {
      state.paused = paused;
      state.lastSeenAt = this.now();
    }
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
      state.answered = true;
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

  /**
   * The key every stream is known to be past; undefined when no stream is
   * open (everything may go).
   */
  private watermark(now: number): string | undefined {
    const { settleMs, latenessMs, answerWaitMs = 5000 } = this.options;
    const liveFloor = logTimeKeyOfMillis(now - latenessMs);
    let min: string | undefined;
    for (const state of this.sources.values()) {
      // Paused, or just resumed: it may hold unread lines of any time.
      const quiet = !state.paused && now - state.lastSeenAt >= settleMs;
      if (!state.live) {
        state.live = state.answered
          ? quiet
          : !state.paused && now - state.addedAt >= answerWaitMs;
      }
      const past =
        state.live && quiet && state.lastKey < liveFloor
          ? liveFloor
          : state.lastKey;
      if (min === undefined || past < min) min = past;
    }
    return min;
  }

  /** Emits what no open stream can precede any more. */
  drain() {
    const watermark = this.watermark(this.now());
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
