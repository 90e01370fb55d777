import { ApplicationModel } from '@paasport/kubernetes-node';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  isClusterError,
  ReleaseDiffResponse,
  ReleaseMatrixResponse,
  ReleasesResponse,
  WorkloadKind,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import { ClusterCache } from '../cache/ClusterCache';
import { ClusterCaches } from '../cache/ClusterCaches';
import { Deployment, PodTemplate, StatefulSet } from '../cache/types';
import {
  findWorkload,
  findWorkloads,
  WorkloadMatch,
} from '../entities/EntityWorkloads';
import {
  controllerRevisionTemplate,
  deploymentReleases,
  statefulSetReleases,
} from './revisions';
import {
  deploymentRollout,
  isOwnedBy,
  revisionOf,
  statefulSetRollout,
  templateImages,
} from './rollout';
import { diffTemplates } from './templateDiff';

/**
 * Release history of an entity's workloads, read from the watch caches.
 *
 * @internal
 */
export class ReleaseService {
  constructor(
    private readonly caches: ClusterCaches,
    private readonly entities: ApplicationModel,
  ) {}

  async releases(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    options: { cluster?: string } = {},
  ): Promise<ReleasesResponse> {
    const { entityRef, components, problems } = await this.entities.scopeOf(
      ref,
      credentials,
    );
    const clusters = await this.caches.perCluster(
      cache => ({
        cache: cache.freshness(),
        workloads: findWorkloads(cache, components).map(m =>
          workloadReleases(cache, m),
        ),
      }),
      options.cluster ? [options.cluster] : undefined,
    );
    return { entityRef, clusters, problems };
  }

  async diff(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    query: {
      cluster: string;
      namespace?: string;
      kind: WorkloadKind;
      workload: string;
      from: number;
      to: number;
    },
  ): Promise<ReleaseDiffResponse> {
    const { components } = await this.entities.scopeOf(ref, credentials);
    return this.caches.read(query.cluster, cache => {
      const match = findWorkload(cache, components, query);
      const templates = revisionTemplates(cache, match);
      const template = (revision: number) => {
        const found = templates.get(revision);
        if (!found) {
          throw new NotFoundError(
            `${match.kind} ${
              match.object.metadata.name
            } has no revision ${revision} (kept: ${[...templates.keys()].join(
              ', ',
            )})`,
          );
        }
        return found;
      };
      return {
        cluster: query.cluster,
        kind: match.kind,
        namespace: match.object.metadata.namespace ?? '',
        name: match.object.metadata.name,
        from: query.from,
        to: query.to,
        changes: diffTemplates(template(query.from), template(query.to)),
      };
    });
  }

  async matrix(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ReleaseMatrixResponse> {
    const { entityRef, components, problems } = await this.entities.scopeOf(
      ref,
      credentials,
    );
    const perCluster = await this.caches.perCluster(cache => ({
      workloads: findWorkloads(cache, components).map(m => ({
        entityRef: m.component.entityRef,
        kind: m.kind,
        namespace: m.object.metadata.namespace ?? '',
        name: m.object.metadata.name,
        ...currentRevision(cache, m),
        images: templateImages(m.object.spec.template),
        rollout:
          m.kind === 'Deployment'
            ? deploymentRollout(m.object as Deployment).state
            : statefulSetRollout(m.object as StatefulSet).state,
      })),
    }));
    // Read after the cells: a column is only as fresh as its cache is now.
    const freshness = Object.fromEntries(
      this.caches
        .names()
        .map(name => [name, this.caches.get(name).freshness()]),
    );
    return {
      entityRef,
      clusters: this.caches.names(),
      freshness,
      problems,
      rows: components.map(component => ({
        entityRef: component.entityRef,
        cells: perCluster.map(entry =>
          isClusterError(entry)
            ? entry
            : {
                cluster: entry.cluster,
                workloads: entry.workloads
                  .filter(w => w.entityRef === component.entityRef)
                  .map(({ entityRef: _, ...workload }) => workload),
              },
        ),
      })),
    };
  }
}

function workloadReleases(
  cache: ClusterCache,
  match: WorkloadMatch,
): WorkloadReleases {
  const namespace = match.object.metadata.namespace;
  if (match.kind === 'Deployment') {
    return deploymentReleases(
      match.object as Deployment,
      cache.list('replicasets', namespace),
      match.component.entityRef,
    );
  }
  return statefulSetReleases(
    match.object as StatefulSet,
    cache.list('controllerrevisions', namespace),
    cache.list('pods', namespace),
    match.component.entityRef,
  );
}

function currentRevision(cache: ClusterCache, match: WorkloadMatch) {
  const revision = workloadReleases(cache, match).currentRevision;
  return revision ? { revision } : {};
}

/**
 * The pod template of every kept revision of a workload.
 *
 * @internal
 */
export function revisionTemplates(
  cache: ClusterCache,
  match: WorkloadMatch,
): Map<number, PodTemplate | undefined> {
  const { uid, namespace } = match.object.metadata;
  if (match.kind === 'Deployment') {
    return new Map(
      cache
        .list('replicasets', namespace)
        .filter(rs => isOwnedBy(rs, uid) && revisionOf(rs))
        .map(rs => [revisionOf(rs)!, rs.spec.template]),
    );
  }
  return new Map(
    cache
      .list('controllerrevisions', namespace)
      .filter(cr => isOwnedBy(cr, uid))
      .map(cr => [cr.revision, controllerRevisionTemplate(cr)]),
  );
}
