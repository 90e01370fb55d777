import { KubernetesKind, KubernetesObject } from '@paasport/kubernetes-node';
import { ObjectLayer } from './ClusterAccess';
import { NamespacedKinds } from './namespacedKinds';

/**
 * What a namespace holds besides a task's own objects.
 *
 * @public
 */
export interface NamespaceContents {
  /** `Kind name` of objects the task did not create. */
  foreign: string[];
  /** Kinds (or group-versions) nobody the check may act as could list. */
  unchecked: string[];
}

// Objects Kubernetes itself makes in every namespace, or mirrors from others:
// none of them is something a person put there.
function madeByKubernetes(type: KubernetesKind, object: KubernetesObject) {
  const group = type.apiVersion.includes('/')
    ? type.apiVersion.split('/')[0]
    : '';
  const name = object.metadata.name;
  return (
    // Records of what happened, not objects anyone made.
    type.kind === 'Event' ||
    // The endpoints controller keeps one per Service (without an owner).
    (group === '' && type.kind === 'Endpoints') ||
    // Live figures of the pods, not objects.
    group === 'metrics.k8s.io' ||
    (group === '' && type.kind === 'ServiceAccount' && name === 'default') ||
    (group === '' && type.kind === 'ConfigMap' && name === 'kube-root-ca.crt')
  );
}

/**
 * Lists every kind a namespace may hold and returns what is not the task's:
 * objects whose uid the task did not record, that no other object owns, that
 * are not being deleted and that Kubernetes did not make itself.
 *
 * @remarks
 * Each kind is listed by the first of `readers` allowed to (the portal's
 * identity reads most kinds but no Secrets; the person who started the task
 * reads their team's Secrets). A kind none of them may list is reported as
 * unchecked: the namespace cannot be called empty then.
 *
 * @public
 */
export async function namespaceContents(options: {
  namespace: string;
  kinds: NamespacedKinds;
  readers: ObjectLayer[];
  /** uids of the objects the task created. */
  ours: Set<string>;
}): Promise<NamespaceContents> {
  const { namespace, kinds, readers, ours } = options;
  const foreign: string[] = [];
  const unchecked = [...kinds.unreadable];
  await Promise.all(
    kinds.kinds.map(async type => {
      const items = await listWithFirstAllowed(readers, type, namespace);
      if (!items) {
        unchecked.push(`${type.kind} (${type.apiVersion})`);
        return;
      }
      for (const item of items) {
        const { uid, ownerReferences, deletionTimestamp } = item.metadata;
        if (uid && ours.has(uid)) continue;
        // Made by a controller for an owner; the owner is listed itself.
        if (ownerReferences?.length) continue;
        if (deletionTimestamp) continue;
        if (madeByKubernetes(type, item)) continue;
        foreign.push(`${type.kind} ${item.metadata.name}`);
      }
    }),
  );
  return { foreign: foreign.sort(), unchecked: unchecked.sort() };
}

async function listWithFirstAllowed(
  readers: ObjectLayer[],
  type: KubernetesKind,
  namespace: string,
): Promise<KubernetesObject[] | undefined> {
  for (const reader of readers) {
    try {
      return await reader.list(type, { namespace });
    } catch (error) {
      // By name: the object layer's errors are @backstage/errors' classes.
      if ((error as Error)?.name === 'NotAllowedError') continue;
      // Not refused but not answered either: unchecked, never "empty".
      return undefined;
    }
  }
  return undefined;
}
