import { ClusterCache } from '../cache/ClusterCache';
import { Pod } from '../cache/types';
import { WorkloadMatch } from '../entities/EntityWorkloads';
import { isOwnedBy } from '../releases/rollout';

/**
 * The pods of a workload, found through owner references (a Deployment owns
 * ReplicaSets, which own pods), oldest first.
 *
 * @internal
 */
export function workloadPods(cache: ClusterCache, match: WorkloadMatch): Pod[] {
  const { uid, namespace } = match.object.metadata;
  const owners = new Set([uid]);
  if (match.kind === 'Deployment') {
    cache
      .list('replicasets', namespace)
      .filter(rs => isOwnedBy(rs, uid))
      .forEach(rs => owners.add(rs.metadata.uid));
  }
  return cache
    .list('pods', namespace)
    .filter(pod =>
      pod.metadata.ownerReferences?.some(owner => owners.has(owner.uid)),
    )
    .sort((a, b) =>
      a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp),
    );
}

/**
 * The containers a workload's logs can be read from: those of its pod
 * template, plus those of pods from earlier revisions still running during
 * a rollout.
 *
 * @internal
 */
export function workloadContainers(
  cache: ClusterCache,
  match: WorkloadMatch,
): { containers: Set<string>; initContainers: Set<string> } {
  const specs = [
    match.object.spec.template.spec,
    ...workloadPods(cache, match).map(pod => pod.spec),
  ];
  return {
    containers: new Set(
      specs.flatMap(spec => spec?.containers ?? []).map(c => c.name),
    ),
    initContainers: new Set(
      specs.flatMap(spec => spec?.initContainers ?? []).map(c => c.name),
    ),
  };
}
