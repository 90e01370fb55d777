import { ApplicationModel } from '@paasport/kubernetes-node';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  MetricName,
  MetricPoints,
  MetricsResponse,
  metricsQuerySchema,
  ReleaseMarker,
} from '@paasport/plugin-console-common';
import { z } from 'zod';
import { ClusterCaches } from '../cache/ClusterCaches';
import { ClusterCache } from '../cache/ClusterCache';
import { findWorkload, WorkloadMatch } from '../entities/EntityWorkloads';
import { revisionTemplates } from '../releases/ReleaseService';
import { controllerRevisionTemplate } from '../releases/revisions';
import { isOwnedBy, revisionOf, templateImages } from '../releases/rollout';
import { DatabaseRollbackStore } from '../rollback/RollbackStore';
import { stepFor, workloadQueries } from './queries';

/** @internal */
export type MetricsInput = z.output<typeof metricsQuerySchema>;

const TIMEOUT_MS = 10_000;

interface PrometheusAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { result: Array<{ values: Array<[number, string]> }> };
}

/**
 * A workload's metrics from its cluster's Prometheus, with release markers.
 *
 * @internal
 */
export class MetricsService {
  constructor(
    private readonly options: {
      caches: ClusterCaches;
      entities: ApplicationModel;
      store: DatabaseRollbackStore;
    },
  ) {}

  async metrics(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
    query: MetricsInput,
  ): Promise<MetricsResponse> {
    const { components } = await this.options.entities.scopeOf(
      entity,
      credentials,
    );
    const { match, releases, templates, prometheusUrl } =
      await this.options.caches.read(query.cluster, cache => {
        const found = findWorkload(cache, components, query);
        return {
          match: found,
          releases: releaseMarkers(cache, found),
          templates: revisionTemplates(cache, found),
          prometheusUrl: cache.cluster.prometheusUrl,
        };
      });
    if (!prometheusUrl) {
      return {
        state: 'unconfigured',
        cluster: query.cluster,
        message: `No Prometheus configured for cluster ${query.cluster} (paasport.clusters.${query.cluster}.prometheusUrl)`,
      };
    }
    const end = Math.floor(Date.now() / 1000);
    const start = end - query.range;
    const { step, window } = stepFor(query.range, query.step);
    const queries = workloadQueries({
      kind: match.kind,
      namespace: match.object.metadata.namespace ?? '',
      name: match.object.metadata.name,
      window,
    });
    const names = Object.keys(queries) as MetricName[];
    const results = await Promise.allSettled(
      names.map(name =>
        queryRange(prometheusUrl, queries[name], start, end, step),
      ),
    );
    const series = {} as Record<MetricName, MetricPoints>;
    const errors: Partial<Record<MetricName, string>> = {};
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        series[names[i]] = result.value;
      } else {
        series[names[i]] = [];
        errors[names[i]] = String(result.reason?.message ?? result.reason);
      }
    });
    if (Object.keys(errors).length === names.length) {
      throw new ServiceUnavailableError(
        `Prometheus of cluster ${query.cluster} did not answer: ${
          Object.values(errors)[0]
        }`,
      );
    }
    const rollbacks = await this.options.store.listForWorkload({
      cluster: query.cluster,
      namespace: match.object.metadata.namespace ?? '',
      name: match.object.metadata.name,
    });
    const markers: ReleaseMarker[] = [
      ...releases,
      ...rollbacks.map(r => ({
        kind: 'rollback' as const,
        revision: r.newRevision ?? r.toRevision,
        toRevision: r.toRevision,
        at: Math.floor(Date.parse(r.createdAt) / 1000),
        images: templateImages(templates.get(r.newRevision ?? r.toRevision)),
      })),
    ];
    return {
      state: 'ok',
      cluster: query.cluster,
      range: { start, end, step },
      series,
      errors,
      markers: markers
        .filter(m => m.at >= start && m.at <= end)
        .sort((a, b) => a.at - b.at),
    };
  }
}

async function queryRange(
  baseUrl: string,
  promql: string,
  start: number,
  end: number,
  step: number,
): Promise<MetricPoints> {
  const url = new URL(`${baseUrl}/api/v1/query_range`);
  url.search = new URLSearchParams({
    query: promql,
    start: String(start),
    end: String(end),
    step: String(step),
  }).toString();
  const response = await fetch(url, {
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const answer = (await response.json().catch(() => ({}))) as PrometheusAnswer;
  if (!response.ok || answer.status !== 'success') {
    throw new Error(answer.error ?? `HTTP ${response.status}`);
  }
  // Every query aggregates to one series; no data means an empty chart.
  const values = answer.data?.result[0]?.values ?? [];
  return values
    .map(([t, v]): [number, number] => [Number(t), Number(v)])
    .filter(([, v]) => Number.isFinite(v));
}

/**
 * A ReplicaSet that a rollback brought back keeps its creation time but gets
 * a new revision number; the controller keeps the earlier numbers in this
 * annotation, so the creation is marked with the number it had then.
 */
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

function releaseMarkers(
  cache: ClusterCache,
  match: WorkloadMatch,
): ReleaseMarker[] {
  const { uid, namespace } = match.object.metadata;
  const created =
    match.kind === 'Deployment'
      ? cache
          .list('replicasets', namespace)
          .filter(rs => isOwnedBy(rs, uid) && revisionOf(rs))
          .map(rs => ({
            revision:
              Number(
                rs.metadata.annotations?.[REVISION_HISTORY]?.split(',')[0],
              ) || revisionOf(rs)!,
            createdAt: rs.metadata.creationTimestamp,
            template: rs.spec.template,
          }))
      : cache
          .list('controllerrevisions', namespace)
          .filter(cr => isOwnedBy(cr, uid))
          .map(cr => ({
            revision: cr.revision,
            createdAt: cr.metadata.creationTimestamp,
            template: controllerRevisionTemplate(cr),
          }));
  return created.map(({ revision, createdAt, template }) => ({
    kind: 'release',
    revision,
    at: Math.floor(Date.parse(createdAt) / 1000),
    images: templateImages(template),
  }));
}
