import type {
  ApiConstructor,
  ApiType,
  ConfigurationOptions,
  KubeConfig,
} from '@kubernetes/client-node';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ClientNode, loadClientNode } from './clientNode';
import { KubernetesClusterConfig } from './config';
import { KubernetesApiError, readBody, requestError } from './errors';
import type { ExecSession } from './exec/ExecSession';
import { ExecTarget, openExecSession } from './KubernetesExec';
import { impersonationHeaders, KubernetesIdentity } from './impersonation';
import { ResourceDiscovery } from './objects/ResourceDiscovery';

/**
 * Query parameters of a raw API request; `undefined` values are left out.
 *
 * @public
 */
export type KubernetesQuery = Record<
  string,
  string | number | boolean | undefined
>;

/**
 * Options of a single API call.
 *
 * @public
 */
export interface KubernetesCallOptions {
  /** Cancels the call, e.g. when the HTTP client that asked went away. */
  signal?: AbortSignal;
  /** Gives up after this long; client-node has no timeout of its own. */
  timeoutMs?: number;
  /**
   * The person the call is made for: the API server then authorizes and
   * audits it as them (Kubernetes impersonation).
   */
  impersonate?: KubernetesIdentity;
}

/**
 * One raw API request.
 *
 * @public
 */
export interface KubernetesRequest extends KubernetesCallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The API path, e.g. `/apis/apps/v1/namespaces/shop/deployments/web`. */
  path: string;
  query?: KubernetesQuery;
  /** A JSON value, or a string sent as it is. */
  body?: unknown;
  /** Defaults to `application/json` when there is a body. */
  contentType?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * One configured cluster: client-node clients for typed calls, plus raw
 * streaming requests for watches and logs.
 *
 * @public
 */
export class KubernetesCluster {
  readonly name: string;
  readonly title?: string;
  readonly url: string;
  readonly prometheusUrl?: string;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;
  private kubeConfigPromise?: Promise<KubeConfig>;
  private discoveryOfKinds?: ResourceDiscovery;

  constructor(private readonly config: KubernetesClusterConfig) {
    this.name = config.name;
    this.title = config.title;
    this.url = config.url;
    this.prometheusUrl = config.prometheusUrl;
    const auth = config.auth;
    this.headers =
      auth.type === 'bearerToken'
        ? { Authorization: `Bearer ${auth.token}` }
        : {};
    // One keep-alive agent per cluster: watches and log streams reuse its TLS
    // setup instead of a new agent per request as client-node's API classes do.
    this.agent = config.url.startsWith('http:')
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({
          keepAlive: true,
          rejectUnauthorized: !config.skipTLSVerify,
          ca: config.caFile
            ? fs.readFileSync(config.caFile)
            : config.caData && Buffer.from(config.caData, 'base64'),
          ...(auth.type === 'clientCertificate' && {
            cert: Buffer.from(auth.certData, 'base64'),
            key: Buffer.from(auth.keyData, 'base64'),
          }),
        });
  }

  /** Which kinds this cluster serves, where; shared by every caller. */
  get discovery(): ResourceDiscovery {
    this.discoveryOfKinds ??= new ResourceDiscovery(this);
    return this.discoveryOfKinds;
  }

  /** A client-node `KubeConfig` whose current context is this cluster. */
  kubeConfig(): Promise<KubeConfig> {
    this.kubeConfigPromise ??= loadClientNode().then(k8s => {
      const { name, url, caData, caFile, skipTLSVerify, auth } = this.config;
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name, server: url, caData, caFile, skipTLSVerify }],
        users: [
          auth.type === 'bearerToken'
            ? { name, token: auth.token }
            : { name, certData: auth.certData, keyData: auth.keyData },
        ],
        contexts: [{ name, cluster: name, user: name }],
        currentContext: name,
      });
      return kc;
    });
    return this.kubeConfigPromise;
  }

  /**
   * A typed API client for this cluster, e.g.
   * `await cluster.api(k8s => k8s.AppsV1Api)`.
   */
  async api<T extends ApiType>(
    pick: (k8s: ClientNode) => ApiConstructor<T>,
  ): Promise<T> {
    const [k8s, kc] = await Promise.all([loadClientNode(), this.kubeConfig()]);
    return kc.makeApiClient(pick(k8s));
  }

  /**
   * Per-call options for client-node API methods that add a deadline and an
   * abort signal, and optionally a content type (a `PatchStrategy`).
   */
  async callOptions(
    options: KubernetesCallOptions & { contentType?: string } = {},
  ): Promise<ConfigurationOptions> {
    const k8s = await loadClientNode();
    const signal = deadline(options);
    const withSignal: ConfigurationOptions = {
      middleware: [
        {
          pre: context => {
            context.setSignal(signal);
            return new k8s.Observable(Promise.resolve(context));
          },
          post: response => new k8s.Observable(Promise.resolve(response)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
    return options.contentType
      ? k8s.setHeaderOptions('Content-Type', options.contentType, withSignal)
      : withSignal;
  }

  /**
   * Starts a GET whose body is read as it arrives (watches, followed logs).
   *
   * @remarks
   * `timeoutMs` only bounds the wait for the response headers; the stream
   * itself lives until `signal` aborts or the server ends it. Non-2xx answers
   * reject with a {@link KubernetesApiError}.
   */
  stream(
    path: string,
    query: KubernetesQuery = {},
    options: KubernetesCallOptions = {},
  ): Promise<http.IncomingMessage> {
    return this.send({ method: 'GET', path, query, ...options });
  }

  /**
   * Runs a command in a container over the API server's `pods/exec`
   * WebSocket (`v5.channel.k8s.io`, else `v4.channel.k8s.io`), as the
   * terminal and hooks do.
   *
   * @remarks
   * Same credentials, TLS and impersonation as {@link KubernetesCluster.send},
   * so RBAC decides as for the person and the audit log names them.
   * Resolves once the command runs; a refused upgrade rejects with the
   * translated error (`NotAllowedError` with the API server's message,
   * `NotFoundError` for a missing pod, `InputError` for a bad container).
   * `timeoutMs` bounds the opening only; `signal` also ends a running
   * session.
   */
  exec(
    target: ExecTarget,
    options: KubernetesCallOptions = {},
  ): Promise<ExecSession> {
    return openExecSession(
      {
        cluster: this.name,
        url: this.url,
        agent: this.agent,
        headers: this.headers,
      },
      target,
      options,
    );
  }

  /**
   * Sends one request and resolves with the response once its headers
   * arrived; the body is left to the caller.
   *
   * @remarks
   * The single place Paasport's requests to this cluster leave the process,
   * so credentials and impersonation are added the same way for all of them.
   * Impersonation headers are sent as repeated header lines: the API server
   * reads each `Impersonate-Group` line as one group, and a comma-joined
   * value would name a single group containing commas.
   */
  send(request: KubernetesRequest): Promise<http.IncomingMessage> {
    const url = new URL(this.url + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const transport = url.protocol === 'http:' ? http : https;
    const body =
      request.body === undefined
        ? undefined
        : Buffer.from(
            typeof request.body === 'string'
              ? request.body
              : JSON.stringify(request.body),
          );
    const headers: http.OutgoingHttpHeaders = {
      ...this.headers,
      Accept: 'application/json',
      ...(body && {
        'Content-Type': request.contentType ?? 'application/json',
        'Content-Length': body.length,
      }),
      ...(request.impersonate && impersonationHeaders(request.impersonate)),
    };
    return new Promise((resolve, reject) => {
      const outgoing = transport.request(url, {
        method: request.method,
        agent: this.agent,
        headers,
        signal: request.signal,
      });
      const timer = setTimeout(() => {
        outgoing.destroy(
          new Error(`${this.name}: no answer within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      outgoing.on('response', response => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          resolve(response);
          return;
        }
        readBody(response).then(
          text => reject(new KubernetesApiError(this.name, status, text)),
          reject,
        );
      });
      outgoing.on('error', error => {
        clearTimeout(timer);
        reject(requestError(this.name, url.pathname, error));
      });
      outgoing.end(body);
    });
  }

  /**
   * A request whose JSON answer is parsed; `timeoutMs` bounds the whole call.
   */
  async requestJson<T>(request: KubernetesRequest): Promise<T> {
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signal = deadline({ ...request, timeoutMs });
    try {
      const response = await this.send({ ...request, signal, timeoutMs });
      const text = await readBody(response);
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (error) {
      if (signal.aborted && !request.signal?.aborted) {
        throw new Error(`${this.name}: no answer within ${timeoutMs} ms`);
      }
      throw error;
    }
  }

  /** A GET that parses the JSON answer; `timeoutMs` bounds the whole call. */
  getJson<T>(
    path: string,
    query: KubernetesQuery = {},
    options: KubernetesCallOptions = {},
  ): Promise<T> {
    return this.requestJson<T>({ method: 'GET', path, query, ...options });
  }
}

function deadline(options: KubernetesCallOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
}
