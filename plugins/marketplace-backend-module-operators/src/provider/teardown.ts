import { KubernetesObjects } from '@paasport/kubernetes-node';
import { servedKind, servedRef } from '../kube/kinds';
import { KubeObject, ResourceType } from '../kube/types';
import { OperatorObjectRef } from './OperatorDriver';

/** One step of a teardown: `done` once nothing is left. */
export interface TeardownStep {
  done: boolean;
  message: string;
}

async function labelled(
  objects: KubernetesObjects,
  namespace: string,
  types: ResourceType[],
  labelSelector: string,
): Promise<Array<{ type: ResourceType; object: KubeObject }>> {
  const lists = await Promise.all(
    types.map(async type =>
      (
        await objects.list<KubeObject>(
          await servedKind(objects.cluster, type),
          { namespace, labelSelector },
        )
      ).map(object => ({ type, object })),
    ),
  );
  return lists.flat();
}

function names(items: Array<{ type: ResourceType; object: KubeObject }>) {
  return items.map(i => `${i.type.kind} ${i.object.metadata.name}`).join(', ');
}

/**
 * Advances a teardown by one step; call again until `done`.
 *
 * @remarks
 * Groups are deleted in order and the next group is only touched once the
 * previous one is gone, finalizers included: an operator can only clean up
 * a topic or a database user while its cluster still runs. Each delete
 * names the uid of the object listed, so an object that took the name
 * meanwhile is never deleted. After the labelled objects, the objects the
 * operator made (found by name) must be gone too — the garbage collector
 * removes them through their owner references — before the teardown counts
 * as done.
 */
export async function teardownStep(
  objects: KubernetesObjects,
  namespace: string,
  groups: ResourceType[][],
  labelSelector: string,
  operatorObjects: OperatorObjectRef[],
): Promise<TeardownStep> {
  for (const group of groups) {
    const remaining = await labelled(objects, namespace, group, labelSelector);
    if (remaining.length === 0) continue;
    for (const { type, object } of remaining) {
      if (!object.metadata.deletionTimestamp && object.metadata.uid) {
        await objects.delete(
          {
            ...(await servedRef(
              objects.cluster,
              type,
              namespace,
              object.metadata.name,
            )),
            uid: object.metadata.uid,
          },
          // The garbage collector removes what the object owns.
          { propagationPolicy: 'Background' },
        );
      }
    }
    const finalizers = [
      ...new Set(remaining.flatMap(r => r.object.metadata.finalizers ?? [])),
    ];
    return {
      done: false,
      message: `Deleting ${names(remaining)}${
        finalizers.length ? ` (finalizers: ${finalizers.join(', ')})` : ''
      }`,
    };
  }
  const left = await existing(objects, namespace, operatorObjects);
  if (left.length > 0) {
    return {
      done: false,
      message: `Waiting for the operator's ${left.join(', ')} to go`,
    };
  }
  return { done: true, message: 'Everything was deleted' };
}

/** Which of the given objects still exist, as `Kind name`. */
export async function existing(
  objects: KubernetesObjects,
  namespace: string,
  refs: OperatorObjectRef[],
): Promise<string[]> {
  const found = await Promise.all(
    refs.map(async ref =>
      (await objects.get(
        await servedRef(objects.cluster, ref.type, namespace, ref.name),
      ))
        ? `${ref.type.kind} ${ref.name}`
        : undefined,
    ),
  );
  return found.filter((f): f is string => Boolean(f));
}

/** Labelled objects that are still there, as `Kind name`, without deleting. */
export async function remainingLabelled(
  objects: KubernetesObjects,
  namespace: string,
  types: ResourceType[],
  labelSelector: string,
): Promise<string[]> {
  return (await labelled(objects, namespace, types, labelSelector)).map(
    i => `${i.type.kind} ${i.object.metadata.name}`,
  );
}
