import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ApplicationModel } from '@paasport/kubernetes-node';
import {
  isClusterError,
  SignalsResponse,
  WorkloadSignals,
} from '@paasport/plugin-console-common';
import { ClusterCaches } from '../cache/ClusterCaches';
import { findWorkloads } from '../entities/EntityWorkloads';
import { instantQuery } from '../metrics/instantQuery';
import { workloadQueries } from '../metrics/queries';

/** Five minutes: long enough for a steady rate, short enough to be "now". */
const WINDOW_SECONDS = 300;

/**
 * The golden signals of an entity's workloads right now, for overviews that
 * show many services at once (the home page, the status card).
 *
 * @internal
 */
export class SignalsService {
  constructor(
    private readonly options: {
      caches: ClusterCaches;
      entities: ApplicationModel;
    },
  ) {}

  async signals(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<SignalsResponse> {
    const { entityRef, components } = await this.options.entities.scopeOf(
      ref,
      credentials,
    );
    // Which workloads, from the watch caches; then their cluster's
    // Prometheus, all clusters at once. A cluster whose Prometheus fails
    // becomes an error entry; the others are unaffected.
    const found = await this.options.caches.perCluster(cache => ({
      prometheusUrl: cache.cluster.prometheusUrl,
      workloads: findWorkloads(cache, components),
    }));
    const clusters = await Promise.all(
      found.map(async entry => {
        if (isClusterError(entry)) return entry;
        const { cluster, prometheusUrl, workloads } = entry;
        if (!prometheusUrl) {
          return {
            cluster,
            error: {
              name: 'NotConfigured',
              message: `No Prometheus configured for cluster ${cluster} (paasport.clusters.${cluster}.prometheusUrl)`,
            },
          };
        }
        try {
          return {
            cluster,
            workloads: await Promise.all(
              workloads.map(m =>
                workloadSignals(prometheusUrl, {
                  entityRef: m.component.entityRef,
                  kind: m.kind,
                  namespace: m.object.metadata.namespace ?? '',
                  name: m.object.metadata.name,
                }),
              ),
            ),
          };
        } catch (error) {
          return {
            cluster,
            error: {
              name: 'PrometheusError',
              message: `Prometheus of cluster ${cluster} did not answer: ${
                (error as Error).message
              }`,
            },
          };
        }
      }),
    );
    return { entityRef, windowSeconds: WINDOW_SECONDS, clusters };
  }
}

async function workloadSignals(
  prometheusUrl: string,
  workload: Omit<WorkloadSignals, 'requestRate' | 'errorRate' | 'latencyP95'>,
): Promise<WorkloadSignals> {
  const queries = workloadQueries({ ...workload, window: WINDOW_SECONDS });
  const [requestRate, errorRate, latencyP95] = await Promise.all(
    [queries.requestRate, queries.errorRate, queries.latencyP95].map(q =>
      instantQuery(prometheusUrl, q),
    ),
  );
  // No requests: a worker or database, or pods that just started.
  const served = requestRate !== null && requestRate > 0;
  return {
    ...workload,
    requestRate: served ? requestRate : null,
    // A service that never answered 5xx has no 5xx series at all, so the
    // ratio is empty rather than 0.
    errorRate: served ? errorRate ?? 0 : null,
    latencyP95: served ? latencyP95 : null,
  };
}
