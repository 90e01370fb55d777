import { KubernetesCluster, loadClientNode } from '@paasport/kubernetes-node';
import { ControllerRevision, StatefulSet } from '../cache/types';
import { controllerRevisionTemplate } from '../releases/revisions';
import {
  CHANGE_CAUSE_ANNOTATION,
  isOwnedBy,
  statefulSetNotRollingOut,
} from '../releases/rollout';
import {
  FIELD_MANAGER,
  KUBERNETES_TIMEOUT_MS,
  kubernetesError,
} from './kubernetesErrors';
import { RollbackTarget } from './RollbackTarget';

/** @internal */
export interface StatefulSetState {
  statefulSet: StatefulSet;
  /** Owned ControllerRevisions by revision. */
  revisions: Map<number, ControllerRevision>;
}

/**
 * Reads a StatefulSet and its ControllerRevisions straight from the API
 * server: a rollback must not act on a cache that may lag behind.
 *
 * @internal
 */
export async function readStatefulSetState(
  cluster: KubernetesCluster,
  namespace: string,
  name: string,
): Promise<StatefulSetState> {
  const base = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}`;
  const what = `StatefulSet ${namespace}/${name}`;
  const statefulSet = await cluster
    .getJson<StatefulSet>(
      `${base}/statefulsets/${encodeURIComponent(name)}`,
      {},
      { timeoutMs: KUBERNETES_TIMEOUT_MS },
    )
    .catch(error => {
      throw kubernetesError(error, what);
    });
  const { items } = await cluster
    .getJson<{ items: ControllerRevision[] }>(
      `${base}/controllerrevisions`,
      {},
      { timeoutMs: KUBERNETES_TIMEOUT_MS },
    )
    .catch(error => {
      throw kubernetesError(error, `ControllerRevisions of ${what}`);
    });
  const revisions = new Map(
    items
      .filter(cr => isOwnedBy(cr, statefulSet.metadata.uid))
      .map(cr => [cr.revision, cr]),
  );
  return { statefulSet, revisions };
}

/**
 * The strategic merge patch of a rollback: the ControllerRevision's data,
 * which is what `kubectl rollout undo statefulset --to-revision` applies
 * (`spec.template` with `$patch: replace`), plus the resourceVersion the
 * user saw, which makes the API server refuse the patch with 409 if the
 * StatefulSet changed since, and the change cause.
 *
 * @internal
 */
export function statefulSetRollbackPatch(options: {
  revision: ControllerRevision;
  resourceVersion: string;
  changeCause: string;
}): Record<string, unknown> {
  const { revision, resourceVersion, changeCause } = options;
  if (!controllerRevisionTemplate(revision)) {
    throw new Error(
      `ControllerRevision ${revision.metadata.name} holds no pod template`,
    );
  }
  return {
    ...revision.data,
    metadata: {
      resourceVersion,
      annotations: { [CHANGE_CAUSE_ANNOTATION]: changeCause },
    },
  };
}

/**
 * Applies a rollback patch; returns the StatefulSet's new generation.
 *
 * @internal
 */
export async function patchStatefulSet(
  cluster: KubernetesCluster,
  namespace: string,
  name: string,
  patch: Record<string, unknown>,
): Promise<number> {
  const k8s = await loadClientNode();
  const apps = await cluster.api(c => c.AppsV1Api);
  try {
    const patched = await apps.patchNamespacedStatefulSet(
      { name, namespace, body: patch, fieldManager: FIELD_MANAGER },
      await cluster.callOptions({
        contentType: k8s.PatchStrategy.StrategicMergePatch,
        timeoutMs: KUBERNETES_TIMEOUT_MS,
      }),
    );
    return patched.metadata?.generation ?? 0;
  } catch (error) {
    throw kubernetesError(error, `StatefulSet ${namespace}/${name}`);
  }
}

/**
 * A StatefulSet as a rollback target: `kubectl rollout undo statefulset
 * --to-revision` semantics, guarded by the resourceVersion.
 *
 * @internal
 */
export async function statefulSetTarget(
  cluster: KubernetesCluster,
  namespace: string,
  name: string,
): Promise<RollbackTarget> {
  const { statefulSet, revisions } = await readStatefulSetState(
    cluster,
    namespace,
    name,
  );
  const updateRevision = statefulSet.status?.updateRevision;
  return {
    kind: 'StatefulSet',
    object: statefulSet,
    currentRevision: [...revisions.values()].find(
      cr => cr.metadata.name === updateRevision,
    )?.revision,
    templates: new Map(
      [...revisions].map(([revision, cr]) => [
        revision,
        controllerRevisionTemplate(cr),
      ]),
    ),
    notRollingOut: statefulSetNotRollingOut(statefulSet),
    apply: ({ toRevision, resourceVersion, changeCause }) =>
      patchStatefulSet(
        cluster,
        namespace,
        name,
        statefulSetRollbackPatch({
          revision: revisions.get(toRevision)!,
          resourceVersion,
          changeCause,
        }),
      ),
  };
}
