import { COMPARISON_MAX_WINDOW_SECONDS } from '@paasport/plugin-console-common';
import { ClusterCache } from '../cache/ClusterCache';
import { Deployment, StatefulSet } from '../cache/types';
import { WorkloadMatch } from '../entities/EntityWorkloads';
import { isOwnedBy, revisionOf } from '../releases/rollout';

/**
 * A kept revision of a workload as the cluster has it.
 *
 * @internal
 */
export interface RevisionRecord {
  revision: number;
  /** When its ReplicaSet or ControllerRevision was made, Unix seconds. */
  createdAt: number;
  /** A Deployment revision's ReplicaSet hash, which its pods' names carry. */
  podTemplateHash?: string;
}

/**
 * The time a revision was the workload's current one (Unix seconds); no
 * `until` while it still is.
 *
 * @internal
 */
export interface RevisionSpan extends RevisionRecord {
  since: number;
  until?: number;
}

const POD_TEMPLATE_HASH = 'pod-template-hash';
const HASH = /^[a-z0-9]+$/;

/**
 * The kept revisions of a workload and which one is current, from the watch
 * cache.
 *
 * @internal
 */
export function revisionRecords(
  cache: ClusterCache,
  match: WorkloadMatch,
): { records: RevisionRecord[]; current?: number } {
  const { uid, namespace } = match.object.metadata;
  const seconds = (timestamp: string) =>
    Math.floor(Date.parse(timestamp) / 1000);
  if (match.kind === 'Deployment') {
    const records = cache
      .list('replicasets', namespace)
      .filter(rs => isOwnedBy(rs, uid) && revisionOf(rs))
      .map(rs => {
        const hash = rs.metadata.labels?.[POD_TEMPLATE_HASH];
        return {
          revision: revisionOf(rs)!,
          createdAt: seconds(rs.metadata.creationTimestamp),
          // Only what the controller writes; anything else is not used to
          // pick pods (the revision is then measured by its time alone).
          ...(hash && HASH.test(hash) && { podTemplateHash: hash }),
        };
      });
    return { records, current: revisionOf(match.object as Deployment) };
  }
  const set = match.object as StatefulSet;
  const revisions = cache
    .list('controllerrevisions', namespace)
    .filter(cr => isOwnedBy(cr, uid));
  return {
    records: revisions.map(cr => ({
      revision: cr.revision,
      createdAt: seconds(cr.metadata.creationTimestamp),
    })),
    current: revisions.find(
      cr => cr.metadata.name === set.status?.updateRevision,
    )?.revision,
  };
}

/**
 * When each kept revision was current, oldest first.
 *
 * @remarks
 * Revision numbers grow in the order revisions become current: a rollback
 * gives the restored ReplicaSet or ControllerRevision the next number but
 * keeps its creation time. So a revision became current no earlier than
 * its own creation and the creation of every lower-numbered revision; a
 * rollback the console made (`rollbacks`: new revision number, Unix
 * seconds) says exactly when. It stopped being current when the next kept
 * revision became current. A revision left out of the kept history
 * (`revisionHistoryLimit`) makes its predecessor's span look longer: for a
 * Deployment the pod names still pick the right pods, a StatefulSet's
 * measure then blends the two.
 *
 * @internal
 */
export function revisionSpans(
  records: RevisionRecord[],
  rollbacks: Array<{ revision: number; at: number }> = [],
): RevisionSpan[] {
  const sorted = [...records].sort((a, b) => a.revision - b.revision);
  let earliest = -Infinity;
  const spans: RevisionSpan[] = sorted.map(record => {
    earliest = Math.max(earliest, record.createdAt);
    const rolledBack = rollbacks
      .filter(r => r.revision === record.revision)
      .map(r => r.at);
    const since = Math.max(earliest, ...rolledBack);
    earliest = since;
    return { ...record, since };
  });
  return spans.map((span, i) =>
    i + 1 < spans.length ? { ...span, until: spans[i + 1].since } : span,
  );
}

/**
 * The part of a revision's span that is measured: the last
 * `maxSeconds` of it, ending now for the revision that is still current.
 *
 * @internal
 */
export function measurementWindow(
  span: Pick<RevisionSpan, 'since' | 'until'>,
  now: number,
  maxSeconds = COMPARISON_MAX_WINDOW_SECONDS,
): { start: number; end: number } {
  const end = Math.min(span.until ?? now, now);
  return { start: Math.min(end, Math.max(span.since, end - maxSeconds)), end };
}

/**
 * The kept revision before `revision` in the order they were current.
 *
 * @internal
 */
export function previousSpan(
  spans: RevisionSpan[],
  revision: number,
): RevisionSpan | undefined {
  return spans.filter(s => s.revision < revision).at(-1);
}
