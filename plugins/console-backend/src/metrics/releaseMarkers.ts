import { ReleaseMarker } from '@paasport/plugin-console-common';
import { ClusterCache } from '../cache/ClusterCache';
import { WorkloadMatch } from '../entities/EntityWorkloads';
import { controllerRevisionTemplate } from '../releases/revisions';
import { isOwnedBy, revisionOf, templateImages } from '../releases/rollout';

/**
 * A ReplicaSet that a rollback brought back keeps its creation time but gets
 * a new revision number; the controller keeps the earlier numbers in this
 * annotation, so the creation is marked with the number it had then.
 */
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

/**
 * A marker at the creation of each kept revision of a workload.
 *
 * @internal
 */
export function releaseMarkers(
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
