import { InputError } from '@backstage/errors';
import type http from 'node:http';
import WebSocket from 'ws';
import { KubernetesApiError, readBody, requestError } from './errors';
import { EXEC_PROTOCOLS } from './exec/channelProtocol';
import { ExecSession, WebSocketExecSession } from './exec/ExecSession';
import { impersonationHeaders } from './impersonation';
import type { KubernetesCallOptions } from './KubernetesCluster';
import { translateKubernetesError } from './objects/translateError';

/**
 * Where to run a command: a container of a pod.
 *
 * @public
 */
export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The program and its arguments; no shell unless you run one. */
  command: string[];
  /** Run on a terminal: output on stdout only, resizable. */
  tty?: boolean;
  /** Whether the command gets input; defaults to `tty` (a terminal is typed into). */
  stdin?: boolean;
}

/** How {@link openExecSession} reaches a cluster (KubernetesCluster's own). */
export interface ExecConnection {
  cluster: string;
  url: string;
  agent: http.Agent;
  headers: Record<string, string>;
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * Opens `pods/{pod}/exec` over a WebSocket and resolves once the command
 * runs. A refused upgrade rejects with the error every other call gets
 * (`translateKubernetesError`: 403 NotAllowedError, 404 NotFoundError, 400
 * InputError…).
 */
export function openExecSession(
  connection: ExecConnection,
  target: ExecTarget,
  options: KubernetesCallOptions = {},
): Promise<ExecSession> {
  const { namespace, pod, container, command } = target;
  const tty = target.tty ?? false;
  const stdin = target.stdin ?? tty;
  // Never the command in messages: it may carry a password.
  const what = `${
    connection.cluster
  }: exec in ${namespace}/${pod} container ${container}${
    options.impersonate ? ` as ${options.impersonate.user}` : ''
  }`;
  if (command.length === 0) {
    return Promise.reject(new InputError(`${what}: no command given`));
  }
  const path = `/api/v1/namespaces/${encodeURIComponent(
    namespace,
  )}/pods/${encodeURIComponent(pod)}/exec`;
  const url = new URL(connection.url + path);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  for (const part of command) url.searchParams.append('command', part);
  url.searchParams.set('container', container);
  url.searchParams.set('stdin', String(stdin));
  url.searchParams.set('stdout', 'true');
  // A terminal has one output; the API server refuses stderr with a TTY.
  url.searchParams.set('stderr', String(!tty));
  url.searchParams.set('tty', String(tty));

  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(what));
      return;
    }
    const socket = new WebSocket(url, EXEC_PROTOCOLS, {
      // The cluster's agent carries its CA, client certificate and TLS
      // verification, exactly as for its raw requests.
      agent: connection.agent,
      headers: {
        ...connection.headers,
        ...(options.impersonate && impersonationHeaders(options.impersonate)),
      },
      handshakeTimeout: options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
      followRedirects: false,
    });
    let opened = false;
    // Aborted once the handshake is over, which drops its abort listener.
    const handshake = new AbortController();
    const fail = (error: Error) => {
      if (opened) return;
      opened = true;
      handshake.abort();
      socket.terminate();
      reject(translateKubernetesError(error, what));
    };
    signal?.addEventListener('abort', () => fail(abortError(what)), {
      once: true,
      signal: handshake.signal,
    });
    // The API server refuses before upgrading, with a JSON Status body:
    // read it so the error says what it said (e.g. which user lacks RBAC).
    socket.on('unexpected-response', (_request, response) => {
      readBody(response).then(
        body =>
          fail(
            new KubernetesApiError(
              connection.cluster,
              response.statusCode ?? 0,
              body,
            ),
          ),
        error => fail(requestError(connection.cluster, path, error)),
      );
    });
    // Kept for the socket's whole life: ws emits 'error' before 'close',
    // and an 'error' nobody listens to would throw.
    socket.on('error', error =>
      fail(requestError(connection.cluster, path, error)),
    );
    socket.once('open', () => {
      opened = true;
      handshake.abort();
      const session = new WebSocketExecSession(socket, { stdin, tty, what });
      if (signal) {
        const onAbortSession = () => session.abort(abortError(what));
        signal.addEventListener('abort', onAbortSession, { once: true });
        const forget = () =>
          signal.removeEventListener('abort', onAbortSession);
        session.done.then(forget, forget);
      }
      resolve(session);
    });
  });
}

function abortError(what: string): Error {
  const error = new Error(`${what}: aborted`);
  error.name = 'AbortError';
  return error;
}
