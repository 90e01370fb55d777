import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OsbRequestError } from './errors';

/** Which kind of call a response belongs to: decides orphan mitigation. */
export type OsbCall = 'provision' | 'bind' | 'deprovision' | 'unbind' | 'read';

/** A broker response before interpretation. */
export interface RawResponse {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

/**
 * HTTP for {@link OsbClient}: headers every request carries, timeouts, and the
 * spec's classification of failures.
 */
export class OsbTransport {
  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
    private readonly timeoutMs: number,
    private readonly platform: string,
  ) {}

  async send(
    call: OsbCall,
    method: string,
    path: string,
    options: {
      query?: Record<string, string>;
      body?: object;
      user?: string;
    } = {},
  ): Promise<RawResponse> {
    const url = new URL(`${this.baseUrl}${path}`);
    Object.entries(options.query ?? {}).forEach(([k, v]) =>
      url.searchParams.set(k, v),
    );
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      'X-Broker-API-Version': '2.17',
      'X-Broker-API-Request-Identity': randomUUID(),
    };
    if (options.user) {
      const identity = Buffer.from(JSON.stringify({ user: options.user }));
      headers['X-Broker-API-Originating-Identity'] = `${
        this.platform
      } ${identity.toString('base64')}`;
    }
    if (options.body) headers['Content-Type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new OsbRequestError(
        'timeout',
        `${method} ${path}: no answer (${(error as Error).message})`,
        undefined,
        undefined,
        call === 'provision' || call === 'bind',
      );
    }
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined; // judged by parse(): malformed where a body is required
    }
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body,
    };
  }

  parse<T extends z.ZodType>(
    call: OsbCall,
    schema: T,
    res: RawResponse,
  ): z.infer<T> {
    const result = schema.safeParse(res.body);
    if (!result.success) {
      throw new OsbRequestError(
        'malformed',
        `Malformed ${res.status} response from the broker`,
        res.status,
        undefined,
        call !== 'read',
      );
    }
    return result.data;
  }

  unexpected(call: OsbCall, res: RawResponse): OsbRequestError {
    const body = (res.body ?? {}) as { error?: unknown; description?: unknown };
    const error = typeof body.error === 'string' ? body.error : undefined;
    const detail =
      typeof body.description === 'string' ? `: ${body.description}` : '';
    const message = `Broker answered ${res.status}${
      error ? ` ${error}` : ''
    }${detail}`;
    if (res.status >= 500 || (res.status >= 200 && res.status < 300)) {
      // Both leave the broker's state unknown: mitigate orphans for create and delete calls.
      const kind = res.status >= 500 ? 'server' : 'malformed';
      return new OsbRequestError(
        kind,
        message,
        res.status,
        error,
        call !== 'read',
      );
    }
    if (res.status === 408)
      return new OsbRequestError('timeout', message, res.status, error);
    if (res.status === 409)
      return new OsbRequestError('conflict', message, res.status, error);
    if (res.status === 422 && error === 'ConcurrencyError') {
      return new OsbRequestError('concurrency', message, res.status, error);
    }
    return new OsbRequestError('rejected', message, res.status, error);
  }
}

export function instancePath(instanceId: string) {
  return `/v2/service_instances/${encodeURIComponent(instanceId)}`;
}

export function bindingPath(instanceId: string, bindingId: string) {
  return `${instancePath(instanceId)}/service_bindings/${encodeURIComponent(
    bindingId,
  )}`;
}

export function deleteQuery(ids: { serviceId: string; planId: string }) {
  return {
    service_id: ids.serviceId,
    plan_id: ids.planId,
    accepts_incomplete: 'true',
  };
}
