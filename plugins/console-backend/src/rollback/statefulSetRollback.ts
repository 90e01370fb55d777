import { NotFoundError } from '@backstage/errors';
import { KubernetesObjects } from '@paasport/kubernetes-node';
import { ControllerRevision, StatefulSet } from '../cache/types';
import { controllerRevisionTemplate } from '../releases/revisions';
import {
  CHANGE_CAUSE_ANNOTATION,
  isOwnedBy,
  statefulSetNotRollingOut,
} from '../releases/rollout';
import { KUBERNETES_TIMEOUT_MS, rollbackError } from './kubernetesErrors';
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
  objects: KubernetesObjects,
  namespace: string,
  name: string,
): Promise<StatefulSetState> {
  const options = { timeoutMs: KUBERNETES_TIMEOUT_MS };
  const statefulSet = await objects.get<StatefulSet>(
    { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name },
    options,
  );
  if (!statefulSet) {
    throw new NotFoundError(`StatefulSet ${namespace}/${name} not found`);
  }
  const items = await objects.list<ControllerRevision>(
    { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
    { namespace },
    options,
  );
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
  objects: KubernetesObjects,
  namespace: string,
  name: string,
  patch: Record<string, unknown>,
): Promise<number> {
  try {
    const patched = await objects.patch<StatefulSet>(
      { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace, name },
      patch,
      'strategic-merge',
      { timeoutMs: KUBERNETES_TIMEOUT_MS },
    );
    return patched.metadata.generation ?? 0;
  } catch (error) {
    throw rollbackError(error, `StatefulSet ${namespace}/${name}`);
  }
}

/**
 * A StatefulSet as a rollback target: `kubectl rollout undo statefulset
 * --to-revision` semantics, guarded by the resourceVersion.
 *
 * @internal
 */
export async function statefulSetTarget(
  objects: KubernetesObjects,
  namespace: string,
  name: string,
): Promise<RollbackTarget> {
  const { statefulSet, revisions } = await readStatefulSetState(
    objects,
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
        objects,
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
