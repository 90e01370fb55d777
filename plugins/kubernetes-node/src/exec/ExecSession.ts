import { Readable } from 'node:stream';
import type WebSocket from 'ws';
import {
  Channel,
  CLOSE_SIGNAL_PROTOCOL,
  decodeFrame,
  encodeClose,
  encodeFrame,
  encodeResize,
} from './channelProtocol';
import { ExecOutcome, parseExecStatus } from './execStatus';

/**
 * A command running in a container, opened by {@link KubernetesCluster.exec}.
 *
 * @remarks
 * Output arrives on `stdout` and `stderr`, Node streams (read them with
 * `for await`, `on('data')` or `pipe`). Like a child process's pipes they
 * push back: a stream whose buffer is full and unread pauses the whole
 * session, so read both (with a TTY there is only `stdout`) or destroy the one
 * you do not want. Both end when the session does.
 *
 * @public
 */
export interface ExecSession {
  /** The negotiated subprotocol, `v5.channel.k8s.io` or `v4.channel.k8s.io`. */
  readonly protocol: string;
  readonly stdout: Readable;
  /** Empty with a TTY: the terminal merges stderr into stdout. */
  readonly stderr: Readable;
  /**
   * Settles once the session is over and all output was pushed: resolves
   * with how the command ended; rejects when the session ended without the
   * server's status (closed, aborted — an `AbortError` — or the connection
   * was lost). Never an unhandled rejection when nobody awaits it.
   */
  readonly done: Promise<ExecOutcome>;
  /**
   * Sends input to the command; false when the session is already over.
   *
   * @throws when the session has no stdin or it was closed.
   */
  writeStdin(data: Buffer | string): boolean;
  /**
   * Ends the command's input (EOF), leaving output running.
   *
   * @throws with `v4.channel.k8s.io`, which cannot half-close a channel.
   */
  closeStdin(): void;
  /**
   * Sets the terminal's size in characters; send it once at the start too.
   *
   * @remarks
   * The server applies sizes apart from input, so input written right after
   * a resize may reach the command before the new size does.
   *
   * @throws without a TTY, or for a size outside 1..65535.
   */
  resize(cols: number, rows: number): void;
  /** Hangs up; the server then ends the command's streams. */
  close(): void;
}

/** An {@link ExecSession} over an open WebSocket. */
export class WebSocketExecSession implements ExecSession {
  readonly protocol: string;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly done: Promise<ExecOutcome>;
  private readonly statusChunks: Buffer[] = [];
  private stdinClosed = false;
  /** Why the client ended the session, if it did. */
  private ending?: Error;
  private failure?: Error;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: {
      stdin: boolean;
      tty: boolean;
      /** Names the session in errors, e.g. `dev: exec in shop/web-1`. */
      what: string;
    },
  ) {
    this.protocol = socket.protocol;
    const read = () => {
      if (socket.isPaused) socket.resume();
    };
    this.stdout = new Readable({ read });
    this.stderr = new Readable({ read });
    this.done = new Promise((resolve, reject) => {
      socket.on('message', (data, isBinary) =>
        this.receive(data as Buffer, isBinary),
      );
      socket.on('error', error => {
        this.failure ??= error;
      });
      socket.once('close', code => {
        for (const stream of [this.stdout, this.stderr]) {
          if (!stream.destroyed) stream.push(null);
        }
        try {
          resolve(this.outcome(code));
        } catch (error) {
          reject(error);
        }
      });
    });
    // The caller may only care about the output; a session closed by them
    // must not become an unhandled rejection that stops the process.
    this.done.catch(() => undefined);
  }

  writeStdin(data: Buffer | string): boolean {
    if (!this.options.stdin) {
      throw new Error(`${this.options.what}: opened without stdin`);
    }
    if (this.stdinClosed) {
      throw new Error(`${this.options.what}: stdin is already closed`);
    }
    if (this.socket.readyState !== this.socket.OPEN) return false;
    if (data.length > 0) this.socket.send(encodeFrame(Channel.stdin, data));
    return true;
  }

  closeStdin(): void {
    if (!this.options.stdin || this.stdinClosed) return;
    if (this.protocol !== CLOSE_SIGNAL_PROTOCOL) {
      throw new Error(
        `${this.options.what}: the cluster speaks ${this.protocol}, which cannot close stdin alone (needs ${CLOSE_SIGNAL_PROTOCOL}, Kubernetes 1.30+)`,
      );
    }
    this.stdinClosed = true;
    if (this.socket.readyState === this.socket.OPEN) {
      this.socket.send(encodeClose(Channel.stdin));
    }
  }

  resize(cols: number, rows: number): void {
    if (!this.options.tty) {
      throw new Error(`${this.options.what}: not a TTY, nothing to resize`);
    }
    const frame = encodeResize(cols, rows);
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame);
  }

  close(): void {
    this.ending ??= new Error(
      `${this.options.what}: closed before the command ended`,
    );
    this.socket.close(1000);
  }

  /** Ends the session at once, e.g. on abort; `done` rejects with `reason`. */
  abort(reason: Error): void {
    this.ending ??= reason;
    this.socket.terminate();
  }

  private receive(message: Buffer, isBinary: boolean) {
    if (!isBinary) {
      // Every remote-command protocol is binary; text means something else
      // answered, and its bytes must not pass as the command's output.
      this.failure ??= new Error('a text message on a binary protocol');
      this.socket.terminate();
      return;
    }
    const frame = decodeFrame(message);
    if (!frame || frame.data.length === 0) return;
    switch (frame.channel) {
      case Channel.stdout:
        this.deliver(this.stdout, frame.data);
        break;
      case Channel.stderr:
        this.deliver(this.stderr, frame.data);
        break;
      case Channel.status:
        this.statusChunks.push(Buffer.from(frame.data));
        break;
      default:
      // Channels the server has no business writing to; ignored as it does.
    }
  }

  private deliver(stream: Readable, data: Buffer) {
    // A stream its reader destroyed takes nothing; dropping beats stalling
    // the other stream behind it.
    if (stream.destroyed) return;
    if (!stream.push(Buffer.from(data))) this.socket.pause();
  }

  private outcome(code: number): ExecOutcome {
    const status = Buffer.concat(this.statusChunks).toString('utf8');
    // The status is written last, so with one the command ended, even if
    // the client hung up at the same time.
    if (status) return parseExecStatus(status);
    if (this.ending) throw this.ending;
    const why = this.failure
      ? this.failure.message
      : `the connection closed (WebSocket code ${code})`;
    throw new Error(`${this.options.what}: ${why} before the command ended`, {
      cause: this.failure,
    });
  }
}
