import { ResponseError } from '@backstage/errors';
import { CreateBindingRequest, CreateInstanceRequest } from './schemas';
import {
  InstanceBinding,
  InstanceRequest,
  InstanceRequestDetails,
  InstanceRequestEvent,
  InstanceWithBindings,
  MarketplaceCluster,
  MarketplaceOffering,
  RevealedCredentials,
  TeamQuotaUsage,
} from './types';

/** The marketplace back end's HTTP API. @public */
export interface MarketplaceApi {
  listOfferings(): Promise<MarketplaceOffering[]>;
  createRequest(
    request: CreateInstanceRequest,
    options?: { idempotencyKey?: string },
  ): Promise<InstanceRequest>;
  listRequests(query?: {
    scope?: 'mine' | 'team' | 'all';
    state?: string;
  }): Promise<InstanceRequest[]>;
  getRequest(id: string): Promise<InstanceRequestDetails>;
  /** History entries of a request after event `after` (all when omitted), oldest first. */
  listEvents(
    id: string,
    options?: { after?: number },
  ): Promise<InstanceRequestEvent[]>;
  /**
   * Live instances of a catalog entity: a System's, or a Component's (those
   * requested for it or bound to it), with their bindings.
   */
  listInstances(query: { entity: string }): Promise<InstanceWithBindings[]>;
  /** Requests awaiting approval that the signed-in user may decide. */
  listApprovals(): Promise<InstanceRequest[]>;
  /** Clusters credentials can be delivered to. */
  listClusters(): Promise<MarketplaceCluster[]>;
  approveRequest(id: string, reason?: string): Promise<InstanceRequest>;
  rejectRequest(id: string, reason?: string): Promise<InstanceRequest>;
  deprovision(
    id: string,
    options?: { force?: boolean },
  ): Promise<InstanceRequest>;
  createBinding(
    requestId: string,
    binding: CreateBindingRequest,
  ): Promise<InstanceBinding>;
  deleteBinding(requestId: string, bindingId: string): Promise<InstanceBinding>;
  revealCredentials(
    requestId: string,
    bindingId: string,
  ): Promise<RevealedCredentials>;
  getQuota(team: string): Promise<TeamQuotaUsage>;
}

/**
 * {@link MarketplaceApi} over `fetch`, usable from the browser (with the
 * frontend's discovery and fetch APIs) and from other back ends.
 *
 * @public
 */
export class MarketplaceClient implements MarketplaceApi {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi?: { fetch: typeof fetch };
    },
  ) {}

  listOfferings() {
    return this.call<MarketplaceOffering[]>('GET', '/offerings');
  }

  createRequest(
    request: CreateInstanceRequest,
    options?: { idempotencyKey?: string },
  ) {
    return this.call<InstanceRequest>('POST', '/requests', request, {
      ...(options?.idempotencyKey
        ? { 'Idempotency-Key': options.idempotencyKey }
        : {}),
    });
  }

  listRequests(
    query: { scope?: 'mine' | 'team' | 'all'; state?: string } = {},
  ) {
    const params = new URLSearchParams(
      Object.entries(query).filter(([, v]) => v !== undefined) as string[][],
    );
    const suffix = params.toString() ? `?${params}` : '';
    return this.call<InstanceRequest[]>('GET', `/requests${suffix}`);
  }

  getRequest(id: string) {
    return this.call<InstanceRequestDetails>('GET', `/requests/${enc(id)}`);
  }

  listEvents(id: string, options: { after?: number } = {}) {
    const after = options.after !== undefined ? `?after=${options.after}` : '';
    return this.call<InstanceRequestEvent[]>(
      'GET',
      `/requests/${enc(id)}/events${after}`,
    );
  }

  listInstances(query: { entity: string }) {
    return this.call<InstanceWithBindings[]>(
      'GET',
      `/instances?entity=${enc(query.entity)}`,
    );
  }

  listApprovals() {
    return this.call<InstanceRequest[]>('GET', '/approvals');
  }

  listClusters() {
    return this.call<MarketplaceCluster[]>('GET', '/clusters');
  }

  approveRequest(id: string, reason?: string) {
    return this.call<InstanceRequest>('POST', `/requests/${enc(id)}/approve`, {
      reason,
    });
  }

  rejectRequest(id: string, reason?: string) {
    return this.call<InstanceRequest>('POST', `/requests/${enc(id)}/reject`, {
      reason,
    });
  }

  deprovision(id: string, options?: { force?: boolean }) {
    const force = options?.force ? '?force=true' : '';
    return this.call<InstanceRequest>('DELETE', `/requests/${enc(id)}${force}`);
  }

  createBinding(requestId: string, binding: CreateBindingRequest) {
    return this.call<InstanceBinding>(
      'POST',
      `/requests/${enc(requestId)}/bindings`,
      binding,
    );
  }

  deleteBinding(requestId: string, bindingId: string) {
    return this.call<InstanceBinding>(
      'DELETE',
      `/requests/${enc(requestId)}/bindings/${enc(bindingId)}`,
    );
  }

  revealCredentials(requestId: string, bindingId: string) {
    return this.call<RevealedCredentials>(
      'POST',
      `/requests/${enc(requestId)}/bindings/${enc(bindingId)}/reveal`,
    );
  }

  getQuota(team: string) {
    return this.call<TeamQuotaUsage>('GET', `/quotas/${enc(team)}`);
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('marketplace');
    const doFetch = this.options.fetchApi?.fetch ?? fetch;
    const response = await doFetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function enc(value: string) {
  return encodeURIComponent(value);
}
