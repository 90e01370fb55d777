import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { StartDecommissionRequest } from './schemas';
import {
  DecommissionPlan,
  DecommissionRun,
  DecommissionStartResponse,
} from './types';

/**
 * The decommission backend's API.
 *
 * @public
 */
export interface DecommissionApi {
  /** Everything a decommission of the entity would remove, and what stops it. */
  getPreview(entity: CompoundEntityRef | string): Promise<DecommissionPlan>;
  /** Starts the decommission the preview showed. */
  start(
    entity: CompoundEntityRef | string,
    request: StartDecommissionRequest,
  ): Promise<DecommissionStartResponse>;
  getRun(id: string): Promise<DecommissionRun>;
  /** Runs of the entity, newest first. */
  listRuns(entity: CompoundEntityRef | string): Promise<DecommissionRun[]>;
  /** Runs the items of a failed or interrupted run that are not done yet. */
  retry(id: string): Promise<DecommissionStartResponse>;
}

/**
 * Finds the decommission backend (Backstage's `discoveryApi` fits).
 *
 * @public
 */
export interface DecommissionDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Makes authenticated requests (Backstage's `fetchApi` fits).
 *
 * @public
 */
export interface DecommissionFetch {
  fetch: typeof fetch;
}

/**
 * {@link DecommissionApi} over HTTP; errors become `ResponseError`s.
 *
 * @public
 */
export class DecommissionClient implements DecommissionApi {
  constructor(
    private readonly options: {
      discoveryApi: DecommissionDiscovery;
      fetchApi: DecommissionFetch;
    },
  ) {}

  getPreview(entity: CompoundEntityRef | string): Promise<DecommissionPlan> {
    return this.json(`${entityPath(entity)}/preview`);
  }

  start(
    entity: CompoundEntityRef | string,
    request: StartDecommissionRequest,
  ): Promise<DecommissionStartResponse> {
    return this.json(`${entityPath(entity)}/decommission`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  getRun(id: string): Promise<DecommissionRun> {
    return this.json(`/runs/${encodeURIComponent(id)}`);
  }

  listRuns(entity: CompoundEntityRef | string): Promise<DecommissionRun[]> {
    return this.json(`${entityPath(entity)}/runs`);
  }

  retry(id: string): Promise<DecommissionStartResponse> {
    return this.json(`/runs/${encodeURIComponent(id)}/retry`, {
      method: 'POST',
    });
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('decommission');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

function entityPath(entity: CompoundEntityRef | string) {
  const ref = typeof entity === 'string' ? parseEntityRef(entity) : entity;
  const parts = [ref.kind, ref.namespace, ref.name].map(encodeURIComponent);
  return `/entities/${parts.join('/')}`;
}
