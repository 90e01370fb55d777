import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  LogsQuery,
  MetricsQuery,
  ReleaseDiffQuery,
  RevisionComparisonQuery,
  ReleasesQuery,
  RollbackRequest,
} from './schemas';
import { ClustersResponse } from './clusterTypes';
import { TeamNamespacesResponse } from './teamTypes';
import { RevisionComparisonResponse } from './comparisonTypes';
import { MyTeamsResponse, SignalsResponse } from './signalTypes';
import { CanaryActionRequest, CanaryRequest } from './canarySchemas';
import { CanaryDetail, CanaryListResponse } from './canaryTypes';
import {
  LogEvent,
  MetricsResponse,
  RollbackResponse,
  RollbackStatus,
} from './operationTypes';
import {
  ReleaseDiffResponse,
  ReleaseMatrixResponse,
  ReleasesResponse,
} from './releaseTypes';

/**
 * The console backend's API.
 *
 * @public
 */
export interface ConsoleApi {
  getClusters(): Promise<ClustersResponse>;
  getReleases(
    entity: CompoundEntityRef | string,
    query?: ReleasesQuery,
  ): Promise<ReleasesResponse>;
  getReleaseDiff(
    entity: CompoundEntityRef | string,
    query: ReleaseDiffQuery,
  ): Promise<ReleaseDiffResponse>;
  getReleaseMatrix(
    entity: CompoundEntityRef | string,
  ): Promise<ReleaseMatrixResponse>;
  rollback(
    entity: CompoundEntityRef | string,
    request: RollbackRequest,
  ): Promise<RollbackResponse>;
  getRollback(id: string): Promise<RollbackStatus>;
  /** Log events as they arrive; stop with `signal`. */
  streamLogs(
    entity: CompoundEntityRef | string,
    query: LogsQuery,
    signal?: AbortSignal,
  ): AsyncIterable<LogEvent>;
  getMetrics(
    entity: CompoundEntityRef | string,
    query: MetricsQuery,
  ): Promise<MetricsResponse>;
  /**
   * Error rate and p95 of a workload's revision against another one's, each
   * measured while it was current.
   */
  getRevisionComparison(
    entity: CompoundEntityRef | string,
    query: RevisionComparisonQuery,
  ): Promise<RevisionComparisonResponse>;
  /** A team Group's namespaces on every cluster, refused ones included. */
  getTeamNamespaces(
    team: CompoundEntityRef | string,
  ): Promise<TeamNamespacesResponse>;
  /** The trusted teams of the person asking. */
  getMyTeams(): Promise<MyTeamsResponse>;
  /**
   * Error rate, p95 latency and request rate of the workloads of a
   * Component, a System or a team Group, over the last few minutes.
   */
  getSignals(entity: CompoundEntityRef | string): Promise<SignalsResponse>;
  /**
   * Starts a canary release of one of the Component's Deployments; the
   * backend's 400 says what is wrong with the release, its 409 why none can
   * start now.
   */
  startCanary(
    entity: CompoundEntityRef | string,
    request: CanaryRequest,
  ): Promise<CanaryDetail>;
  /** The Component's canaries: running ones first, then past ones, newest first. */
  listCanaries(entity: CompoundEntityRef | string): Promise<CanaryListResponse>;
  /** One canary with its verdicts and history. */
  getCanary(id: string): Promise<CanaryDetail>;
  /** Promotes, pauses, resumes or aborts a canary; 409 when not possible now. */
  canaryAction(id: string, request: CanaryActionRequest): Promise<CanaryDetail>;
}

/**
 * Finds the console backend (Backstage's `discoveryApi` fits).
 *
 * @public
 */
export interface ConsoleDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * Makes authenticated requests (Backstage's `fetchApi` fits).
 *
 * @public
 */
export interface ConsoleFetch {
  fetch: typeof fetch;
}

// Request schemas' input types; values are sent as strings.
type Query = object;

/**
 * {@link ConsoleApi} over HTTP; errors become `ResponseError`s.
 *
 * @public
 */
export class ConsoleClient implements ConsoleApi {
  constructor(
    private readonly options: {
      discoveryApi: ConsoleDiscovery;
      fetchApi: ConsoleFetch;
    },
  ) {}

  getClusters(): Promise<ClustersResponse> {
    return this.json('/clusters');
  }

  getReleases(entity: CompoundEntityRef | string, query: ReleasesQuery = {}) {
    return this.json<ReleasesResponse>(entityPath(entity, 'releases'), query);
  }

  getReleaseDiff(entity: CompoundEntityRef | string, query: ReleaseDiffQuery) {
    return this.json<ReleaseDiffResponse>(
      entityPath(entity, 'releases/diff'),
      query,
    );
  }

  getReleaseMatrix(entity: CompoundEntityRef | string) {
    return this.json<ReleaseMatrixResponse>(entityPath(entity, 'matrix'));
  }

  rollback(entity: CompoundEntityRef | string, request: RollbackRequest) {
    return this.json<RollbackResponse>(
      entityPath(entity, 'rollback'),
      {},
      postJson(request),
    );
  }

  getRollback(id: string): Promise<RollbackStatus> {
    return this.json(`/rollbacks/${encodeURIComponent(id)}`);
  }

  async *streamLogs(
    entity: CompoundEntityRef | string,
    query: LogsQuery,
    signal?: AbortSignal,
  ): AsyncIterable<LogEvent> {
    const response = await this.request(entityPath(entity, 'logs'), query, {
      signal,
    });
    if (!response.body) {
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim()) yield JSON.parse(line) as LogEvent;
        }
      }
    } finally {
      reader.releaseLock();
    }
  }

  getMetrics(entity: CompoundEntityRef | string, query: MetricsQuery) {
    return this.json<MetricsResponse>(entityPath(entity, 'metrics'), query);
  }

  getRevisionComparison(
    entity: CompoundEntityRef | string,
    query: RevisionComparisonQuery,
  ) {
    return this.json<RevisionComparisonResponse>(
      entityPath(entity, 'comparison'),
      query,
    );
  }

  getTeamNamespaces(team: CompoundEntityRef | string) {
    const ref =
      typeof team === 'string'
        ? parseEntityRef(team, { defaultKind: 'group' })
        : team;
    const parts = [ref.namespace, ref.name].map(encodeURIComponent);
    return this.json<TeamNamespacesResponse>(
      `/teams/${parts.join('/')}/namespaces`,
    );
  }

  getMyTeams(): Promise<MyTeamsResponse> {
    return this.json('/teams/mine');
  }

  getSignals(entity: CompoundEntityRef | string) {
    return this.json<SignalsResponse>(entityPath(entity, 'signals'));
  }

  startCanary(entity: CompoundEntityRef | string, request: CanaryRequest) {
    return this.json<CanaryDetail>(
      entityPath(entity, 'canaries'),
      {},
      postJson(request),
    );
  }

  listCanaries(entity: CompoundEntityRef | string) {
    return this.json<CanaryListResponse>(entityPath(entity, 'canaries'));
  }

  getCanary(id: string): Promise<CanaryDetail> {
    return this.json(`/canaries/${encodeURIComponent(id)}`);
  }

  canaryAction(id: string, request: CanaryActionRequest) {
    return this.json<CanaryDetail>(
      `/canaries/${encodeURIComponent(id)}/actions`,
      {},
      postJson(request),
    );
  }

  private async json<T>(
    path: string,
    query: Query = {},
    init?: RequestInit,
  ): Promise<T> {
    return (await this.request(path, query, init)).json();
  }

  private async request(
    path: string,
    query: Query,
    init?: RequestInit,
  ): Promise<Response> {
    const base = await this.options.discoveryApi.getBaseUrl('console');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) {
        search.set(key, String(value));
      }
    }
    const qs = search.toString();
    const response = await this.options.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function postJson(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function entityPath(entity: CompoundEntityRef | string, suffix: string) {
  const ref = typeof entity === 'string' ? parseEntityRef(entity) : entity;
  const parts = [ref.kind, ref.namespace, ref.name].map(encodeURIComponent);
  return `/entities/${parts.join('/')}/${suffix}`;
}
