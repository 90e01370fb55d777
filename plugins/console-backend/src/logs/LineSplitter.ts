import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines, keeping at most `maxLineLength`
 * characters of any line.
 *
 * @remarks
 * A container can print megabytes without a newline; holding such a line
 * whole would let one container decide how much memory a log request takes.
 * The rest of an over-long line is dropped and the kept part ends with a
 * marker saying how much was cut, so the reader sees that it happened.
 *
 * @internal
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of the line being read, at most `maxLineLength` characters. */
  private head = '';
  /** Characters of the line being read that did not fit into `head`. */
  private cut = 0;

  constructor(private readonly maxLineLength: number) {}

  /** The lines that `chunk` completes. */
  push(chunk: Buffer): string[] {
    return this.take(this.decoder.write(chunk));
  }

  /** The last line, if the stream did not end with a newline. */
  end(): string[] {
    const lines = this.take(this.decoder.end());
    if (this.head || this.cut) lines.push(this.finish(''));
    return lines;
  }

  private take(text: string): string[] {
    const parts = text.split('\n');
    const rest = parts.pop()!;
    const lines = parts.map(part => this.finish(part));
    this.keep(rest);
    return lines;
  }

  private keep(text: string) {
    const room = this.maxLineLength - this.head.length;
    if (text.length <= room) {
      this.head += text;
    } else {
      this.head += text.slice(0, Math.max(room, 0));
      this.cut += text.length - Math.max(room, 0);
    }
  }

  private finish(lastPart: string): string {
    this.keep(lastPart);
    const line = this.cut
      ? `${this.head} … [${this.cut} more characters cut]`
      : this.head.replace(/\r$/, '');
    this.head = '';
    this.cut = 0;
    return line;
  }
}
