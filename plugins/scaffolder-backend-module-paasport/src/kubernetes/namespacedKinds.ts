import {
  KubernetesCluster,
  KubernetesKind,
  retryRead,
} from '@paasport/kubernetes-node';

/**
 * The namespaced kinds a cluster serves, as far as its discovery answered.
 *
 * @public
 */
export interface NamespacedKinds {
  /** Every namespaced kind that can be listed, one version per group. */
  kinds: KubernetesKind[];
  /**
   * Group-versions discovery could not read (an aggregated API that is
   * down): their kinds are unknown, so a namespace cannot be called empty.
   */
  unreadable: string[];
}

interface ApiResourceList {
  resources: Array<{
    name: string;
    kind: string;
    namespaced: boolean;
    verbs?: string[];
  }>;
}

interface ApiGroupList {
  groups: Array<{ name: string; preferredVersion?: { groupVersion: string } }>;
}

/**
 * Reads every namespaced, listable kind from the cluster's discovery, as
 * `kubectl api-resources --namespaced --verbs=list` does: what a namespace
 * may hold.
 *
 * @remarks
 * Discovery is the platform's own read (the portal's identity), like the
 * object layer's `ResourceDiscovery`, which answers one kind at a time and
 * so cannot say what a namespace may hold.
 *
 * @public
 */
export async function readNamespacedKinds(
  cluster: KubernetesCluster,
): Promise<NamespacedKinds> {
  const { groups } = await retryRead(() =>
    cluster.getJson<ApiGroupList>('/apis'),
  );
  const versions = [
    'v1',
    ...groups.flatMap(g =>
      g.preferredVersion ? [g.preferredVersion.groupVersion] : [],
    ),
  ];
  const unreadable: string[] = [];
  const lists = await Promise.all(
    versions.map(async groupVersion => {
      const path = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
      try {
        const list = await retryRead(() =>
          cluster.getJson<ApiResourceList>(path),
        );
        return list.resources
          .filter(
            r =>
              r.namespaced &&
              !r.name.includes('/') &&
              (r.verbs ?? []).includes('list'),
          )
          .map(r => ({ apiVersion: groupVersion, kind: r.kind }));
      } catch {
        unreadable.push(groupVersion);
        return [];
      }
    }),
  );
  return { kinds: lists.flat(), unreadable: unreadable.sort() };
}
