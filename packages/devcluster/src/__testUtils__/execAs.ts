import { PassThrough, Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { loadClientNode } from '@paasport/kubernetes-node';
import { readDevclusterConfig } from '../testing';
import type { As } from './clusterApi';

/** What a command in a container did: its output and the exec status. */
export type ExecResult = {
  stdout: string;
  stderr: string;
  status?: V1Status;
  /** 0 on success, the `ExitCode` cause of a failure, undefined otherwise. */
  exitCode?: number;
};

/** A terminal: its size, and what to do once output arrives. */
export type Tty = {
  rows: number;
  columns: number;
  /** Called on each chunk of output with a function that resizes the terminal. */
  onOutput?: (
    text: string,
    resize: (rows: number, columns: number) => void,
  ) => void;
};

/** The exit code in an exec status (channel 3 of the stream protocol). */
function exitCodeOf(status: V1Status | undefined): number | undefined {
  if (status?.status === 'Success') return 0;
  const cause = status?.details?.causes?.find(c => c.reason === 'ExitCode');
  return cause?.message === undefined ? undefined : Number(cause.message);
}

/** An output stream that collects text and, for a TTY, has a size. */
class Output extends Writable {
  text = '';
  rows?: number;
  columns?: number;
  constructor(private readonly onText?: (text: string) => void) {
    super();
  }
  _write(chunk: Buffer, _: BufferEncoding, done: () => void) {
    const text = chunk.toString('utf8');
    this.text += text;
    this.onText?.(text);
    done();
  }
}

/**
 * Runs a command in a pod over the API server's pods/exec WebSocket, the way
 * the portal's terminal does: the portal's token, acting as `as` (the
 * Impersonate-User and Impersonate-Group headers, which client-node's own
 * impersonation lacks). Resolves when the stream closes; rejects when the
 * WebSocket upgrade is refused (e.g. 403).
 */
export async function execAs(
  cluster: string,
  as: As,
  target: {
    namespace: string;
    pod: string;
    container: string;
    command: string[];
    tty?: Tty;
  },
): Promise<ExecResult> {
  const k8s = await loadClientNode();
  class ImpersonatingKubeConfig extends k8s.KubeConfig {
    override async applyToHTTPSOptions(opts: any): Promise<void> {
      await super.applyToHTTPSOptions(opts);
      opts.headers = { ...opts.headers, 'Impersonate-User': as.user };
      if (as.groups?.length) opts.headers['Impersonate-Group'] = as.groups;
    }
  }
  const kc = new ImpersonatingKubeConfig();
  kc.loadFromFile(readDevclusterConfig().kubeconfigPath);
  kc.setCurrentContext(`${cluster}-portal`);

  const { tty } = target;
  let resize = (_rows: number, _columns: number) => {};
  const stdout = new Output(text => tty?.onOutput?.(text, resize));
  const stderr = new Output();
  if (tty) {
    // client-node sends the size (and every 'resize' event) on the resize
    // channel when the output stream has rows and columns, as a TTY does.
    stdout.rows = tty.rows;
    stdout.columns = tty.columns;
    resize = (rows, columns) => {
      stdout.rows = rows;
      stdout.columns = columns;
      stdout.emit('resize');
    };
  }
  // A TTY session has stdin (a terminal always does); nothing is typed.
  const stdin = tty ? new PassThrough() : null;
  let status: V1Status | undefined;
  const socket = await new k8s.Exec(kc)
    .exec(
      target.namespace,
      target.pod,
      target.container,
      target.command,
      stdout,
      tty ? null : stderr,
      stdin,
      Boolean(tty),
      s => {
        status = s;
      },
    )
    .catch(event => {
      // The WebSocket's error event ("Unexpected server response: 403"), not an Error.
      throw new Error(`exec refused: ${event?.message ?? String(event)}`);
    });
  // A session that never ends fails the test with a message, not a jest timeout.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`exec ${target.command.join(' ')} did not end in 30 s`));
    }, 30_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (socket.readyState === socket.CLOSED) done();
    else socket.on('close', done);
  });
  stdin?.end();
  return {
    stdout: stdout.text,
    stderr: stderr.text,
    status,
    exitCode: exitCodeOf(status),
  };
}
