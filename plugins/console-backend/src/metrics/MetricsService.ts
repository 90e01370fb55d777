import { ApplicationModel } from '@paasport/kubernetes-node';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  compareRevisions,
  MetricName,
  MetricPoints,
  MetricsResponse,
  metricsQuerySchema,
  ReleaseMarker,
  revisionComparisonQuerySchema,
  RevisionComparisonResponse,
} from '@paasport/plugin-console-common';
import { z } from 'zod';
import { ClusterCaches } from '../cache/ClusterCaches';
import { findWorkload } from '../entities/EntityWorkloads';
import { revisionTemplates } from '../releases/ReleaseService';
import { templateImages } from '../releases/rollout';
import { DatabaseRollbackStore } from '../rollback/RollbackStore';
import { measureRevision } from './measureRevision';
import { chartQueries } from './queries';
import { rangeQuery } from './rangeQuery';
import { releaseMarkers } from './releaseMarkers';
import {
  previousSpan,
  revisionRecords,
  revisionSpans,
} from './revisionTimeline';

/** @internal */
export type MetricsInput = z.output<typeof metricsQuerySchema>;

/** @internal */
export type ComparisonInput = z.output<typeof revisionComparisonQuerySchema>;

/**
 * A workload's metrics from its cluster's Prometheus, with release markers,
 * and how its revisions compare.
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
    if (!prometheusUrl) return unconfigured(query.cluster);
    const now = Math.floor(Date.now() / 1000);
    const { queries, points } = chartQueries(
      {
        kind: match.kind,
        namespace: match.object.metadata.namespace ?? '',
        name: match.object.metadata.name,
      },
      query.range,
      now,
      query.step,
    );
    const names = Object.keys(queries) as MetricName[];
    const results = await Promise.allSettled(
      names.map(name => rangeQuery(prometheusUrl, queries[name], points)),
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
    // The chart spans the whole range up to now; its points sit on the
    // step (see alignedRange), at most one step before now.
    const start = now - query.range;
    return {
      state: 'ok',
      cluster: query.cluster,
      range: { start, end: now, step: points.step },
      series,
      errors,
      markers: markers
        .filter(m => m.at >= start && m.at <= now)
        .sort((a, b) => a.at - b.at),
    };
  }

  /**
   * Error rate and p95 of one revision of a workload against another's,
   * each measured over the (end of the) time it was current; by default the
   * current revision against the one before it.
   */
  async compare(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
    query: ComparisonInput,
  ): Promise<RevisionComparisonResponse> {
    const { components } = await this.options.entities.scopeOf(
      entity,
      credentials,
    );
    const { match, history, prometheusUrl } = await this.options.caches.read(
      query.cluster,
      cache => {
        const found = findWorkload(cache, components, query);
        return {
          match: found,
          history: revisionRecords(cache, found),
          prometheusUrl: cache.cluster.prometheusUrl,
        };
      },
    );
    const workload = {
      kind: match.kind,
      namespace: match.object.metadata.namespace ?? '',
      name: match.object.metadata.name,
    };
    const rollbacks = await this.options.store.listForWorkload({
      cluster: query.cluster,
      ...workload,
    });
    const spans = revisionSpans(
      history.records,
      rollbacks
        .filter(r => r.kind === workload.kind && r.newRevision !== undefined)
        .map(r => ({
          revision: r.newRevision!,
          at: Math.floor(Date.parse(r.createdAt) / 1000),
        })),
    );
    const spanOf = (revision: number) => {
      const span = spans.find(s => s.revision === revision);
      if (!span) {
        throw new NotFoundError(
          `${workload.kind} ${
            workload.name
          } has no revision ${revision} (kept: ${spans
            .map(s => s.revision)
            .join(', ')})`,
        );
      }
      return span;
    };
    const subjectRevision =
      query.revision ?? history.current ?? spans.at(-1)?.revision;
    if (subjectRevision === undefined) {
      throw new NotFoundError(
        `${workload.kind} ${workload.name} has no revisions yet`,
      );
    }
    const subject = spanOf(subjectRevision);
    const baseline =
      query.against !== undefined
        ? spanOf(query.against)
        : previousSpan(spans, subject.revision);
    if (!prometheusUrl) return unconfigured(query.cluster);
    if (!baseline) {
      return {
        state: 'no-baseline',
        cluster: query.cluster,
        revision: subject.revision,
        message: `Revision ${subject.revision} is the first kept revision of ${workload.name}: nothing to compare it with`,
      };
    }
    const now = Math.floor(Date.now() / 1000);
    try {
      const [revision, against] = await Promise.all(
        [subject, baseline].map(span =>
          measureRevision(prometheusUrl, workload, span, now),
        ),
      );
      return {
        state: 'ok',
        cluster: query.cluster,
        ...workload,
        revision,
        against,
        verdict: compareRevisions(revision, against),
      };
    } catch (error) {
      throw new ServiceUnavailableError(
        `Prometheus of cluster ${query.cluster} did not answer: ${
          (error as Error).message
        }`,
      );
    }
  }
}

function unconfigured(cluster: string) {
  return {
    state: 'unconfigured' as const,
    cluster,
    message: `No Prometheus configured for cluster ${cluster} (paasport.clusters.${cluster}.prometheusUrl)`,
  };
}
