import { z } from 'zod';
import { parseRetryAfter } from './retryAfter';
import {
  bindingPath,
  deleteQuery,
  instancePath,
  OsbTransport,
} from './OsbTransport';
import {
  asyncBodySchema,
  bindingBodySchema,
  catalogSchema,
  lastOperationSchema,
  OsbCatalog,
} from './schemas';

/** Connection settings of an {@link OsbClient}. @public */
export interface OsbClientOptions {
  url: string;
  username: string;
  password: string;
  /** Per-request timeout; the spec's platforms typically give up after 60 s. */
  timeoutMs?: number;
  /** `Platform` part of the originating identity header. */
  platform?: string;
}

/** Service and plan ids, sent with most calls. @public */
export interface OsbPlanIds {
  serviceId: string;
  planId: string;
}

const RETRY_BOUNDS = { minMs: 200, maxMs: 5 * 60_000 };

/**
 * A client for the Open Service Broker API v2.17. It sends the version,
 * request and originating identity headers, always offers
 * `accepts_incomplete=true`, and maps responses to outcomes or to an
 * {@link OsbRequestError} that says whether orphan mitigation is due.
 *
 * @public
 */
export class OsbClient {
  private readonly http: OsbTransport;
  private readonly platform: string;

  constructor(options: OsbClientOptions) {
    this.platform = options.platform ?? 'backstage';
    this.http = new OsbTransport(
      options.url.replace(/\/+$/, ''),
      `Basic ${Buffer.from(`${options.username}:${options.password}`).toString(
        'base64',
      )}`,
      options.timeoutMs ?? 30_000,
      this.platform,
    );
  }

  async catalog(): Promise<OsbCatalog> {
    const res = await this.http.send('read', 'GET', '/v2/catalog');
    if (res.status !== 200) throw this.http.unexpected('read', res);
    return this.http.parse('read', catalogSchema, res);
  }

  async provision(
    instanceId: string,
    body: OsbPlanIds & { parameters: object; context: object },
    user?: string,
  ): Promise<{
    status: 'created' | 'exists' | 'accepted';
    operation?: string;
  }> {
    const res = await this.http.send(
      'provision',
      'PUT',
      instancePath(instanceId),
      {
        query: { accepts_incomplete: 'true' },
        user,
        body: {
          service_id: body.serviceId,
          plan_id: body.planId,
          parameters: body.parameters,
          context: { platform: this.platform, ...body.context },
        },
      },
    );
    if (res.status === 201 || res.status === 200) {
      this.http.parse('provision', z.object({}), res);
      return { status: res.status === 201 ? 'created' : 'exists' };
    }
    if (res.status === 202) {
      const { operation } = this.http.parse('provision', asyncBodySchema, res);
      return { status: 'accepted', operation: operation ?? undefined };
    }
    throw this.http.unexpected('provision', res);
  }

  async lastOperation(
    instanceId: string,
    ids: OsbPlanIds & { operation?: string },
  ): Promise<{
    state: 'in progress' | 'succeeded' | 'failed' | 'gone';
    description?: string;
    retryAfterMs?: number;
  }> {
    const res = await this.http.send(
      'read',
      'GET',
      `${instancePath(instanceId)}/last_operation`,
      {
        query: {
          service_id: ids.serviceId,
          plan_id: ids.planId,
          ...(ids.operation ? { operation: ids.operation } : {}),
        },
      },
    );
    if (res.status === 410) return { state: 'gone' };
    if (res.status !== 200) throw this.http.unexpected('read', res);
    const body = this.http.parse('read', lastOperationSchema, res);
    return {
      ...body,
      retryAfterMs: parseRetryAfter(res.retryAfter, RETRY_BOUNDS),
    };
  }

  async deprovision(
    instanceId: string,
    ids: OsbPlanIds,
    user?: string,
  ): Promise<{ status: 'done' | 'gone' | 'accepted'; operation?: string }> {
    const res = await this.http.send(
      'deprovision',
      'DELETE',
      instancePath(instanceId),
      {
        query: deleteQuery(ids),
        user,
      },
    );
    if (res.status === 410) return { status: 'gone' };
    if (res.status === 200) return { status: 'done' };
    if (res.status === 202) {
      const { operation } = this.http.parse(
        'deprovision',
        asyncBodySchema,
        res,
      );
      return { status: 'accepted', operation: operation ?? undefined };
    }
    throw this.http.unexpected('deprovision', res);
  }

  async bind(
    instanceId: string,
    bindingId: string,
    body: OsbPlanIds & { appGuid: string; context: object },
    user?: string,
  ): Promise<
    | {
        status: 'created' | 'exists';
        credentials: Record<string, string | number>;
      }
    | { status: 'accepted'; operation?: string }
  > {
    const res = await this.http.send(
      'bind',
      'PUT',
      bindingPath(instanceId, bindingId),
      {
        query: { accepts_incomplete: 'true' },
        user,
        body: {
          service_id: body.serviceId,
          plan_id: body.planId,
          bind_resource: { app_guid: body.appGuid },
          context: { platform: this.platform, ...body.context },
        },
      },
    );
    if (res.status === 201 || res.status === 200) {
      const { credentials } = this.http.parse('bind', bindingBodySchema, res);
      return { status: res.status === 201 ? 'created' : 'exists', credentials };
    }
    if (res.status === 202) {
      const { operation } = this.http.parse('bind', asyncBodySchema, res);
      return { status: 'accepted', operation: operation ?? undefined };
    }
    throw this.http.unexpected('bind', res);
  }

  async unbind(
    instanceId: string,
    bindingId: string,
    ids: OsbPlanIds,
    user?: string,
  ): Promise<{ status: 'done' | 'gone' | 'accepted'; operation?: string }> {
    const res = await this.http.send(
      'unbind',
      'DELETE',
      bindingPath(instanceId, bindingId),
      { query: deleteQuery(ids), user },
    );
    if (res.status === 410) return { status: 'gone' };
    if (res.status === 200) return { status: 'done' };
    if (res.status === 202) {
      const { operation } = this.http.parse('unbind', asyncBodySchema, res);
      return { status: 'accepted', operation: operation ?? undefined };
    }
    throw this.http.unexpected('unbind', res);
  }

  /** `GET` of an instance: whether the broker still knows it. */
  async instanceExists(instanceId: string): Promise<boolean> {
    const res = await this.http.send('read', 'GET', instancePath(instanceId));
    if (res.status === 404 || res.status === 410) return false;
    if (res.status === 200 || res.status === 422) return true;
    throw this.http.unexpected('read', res);
  }

  /** `GET` of a binding's credentials. */
  async fetchBinding(
    instanceId: string,
    bindingId: string,
  ): Promise<Record<string, string | number>> {
    const res = await this.http.send(
      'read',
      'GET',
      bindingPath(instanceId, bindingId),
    );
    if (res.status !== 200) throw this.http.unexpected('read', res);
    return this.http.parse('read', bindingBodySchema, res).credentials;
  }
}
