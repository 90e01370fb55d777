import { NotFoundError } from '@backstage/errors';
import { KubernetesObjects } from '@paasport/kubernetes-node';
import { Deployment, PodTemplate, ReplicaSet } from '../cache/types';
import {
  CHANGE_CAUSE_ANNOTATION,
  isOwnedBy,
  revisionOf,
} from '../releases/rollout';
import { KUBERNETES_TIMEOUT_MS, rollbackError } from './kubernetesErrors';
import { RollbackTarget } from './RollbackTarget';

/** @internal */
export interface DeploymentState {
  deployment: Deployment;
  /** Owned ReplicaSets by revision. */
  revisions: Map<number, ReplicaSet>;
}

/** @internal */
export type JsonPatch = Array<{
  op: 'replace' | 'add';
  path: string;
  value: unknown;
}>;

/**
 * Reads a Deployment and its ReplicaSets straight from the API server: a
 * rollback must not act on a cache that may lag behind.
 *
 * @internal
 */
export async function readDeploymentState(
  objects: KubernetesObjects,
  namespace: string,
  name: string,
): Promise<DeploymentState> {
  const options = { timeoutMs: KUBERNETES_TIMEOUT_MS };
  const deployment = await objects.get<Deployment>(
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name },
    options,
  );
  if (!deployment) {
    throw new NotFoundError(`Deployment ${namespace}/${name} not found`);
  }
  const items = await objects.list<ReplicaSet>(
    { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
    { namespace },
    options,
  );
  const revisions = new Map<number, ReplicaSet>();
  for (const rs of items) {
    const revision = revisionOf(rs);
    if (revision && isOwnedBy(rs, deployment.metadata.uid)) {
      revisions.set(revision, rs);
    }
  }
  return { deployment, revisions };
}

/**
 * The pod template `kubectl rollout undo` would restore: the ReplicaSet's,
 * minus the `pod-template-hash` label the controller adds.
 *
 * @internal
 */
export function restorableTemplate(replicaSet: ReplicaSet): PodTemplate {
  const template: PodTemplate = JSON.parse(
    JSON.stringify(replicaSet.spec.template),
  );
  if (template.metadata?.labels) {
    delete template.metadata.labels['pod-template-hash'];
  }
  return template;
}

/**
 * The JSON patch of a rollback. Its first operation sets the resourceVersion
 * the user saw: the API server then refuses the whole patch with 409 if the
 * Deployment changed since, which `kubectl rollout undo` does not guard.
 *
 * @internal
 */
export function rollbackPatch(options: {
  deployment: Deployment;
  target: ReplicaSet;
  resourceVersion: string;
  changeCause: string;
}): JsonPatch {
  const { deployment, target, resourceVersion, changeCause } = options;
  return [
    {
      op: 'replace',
      path: '/metadata/resourceVersion',
      value: resourceVersion,
    },
    {
      op: 'replace',
      path: '/spec/template',
      value: restorableTemplate(target),
    },
    deployment.metadata.annotations
      ? {
          op: 'add',
          path: `/metadata/annotations/${CHANGE_CAUSE_ANNOTATION.replace(
            '/',
            '~1',
          )}`,
          value: changeCause,
        }
      : {
          op: 'add',
          path: '/metadata/annotations',
          value: { [CHANGE_CAUSE_ANNOTATION]: changeCause },
        },
  ];
}

/**
 * Applies a rollback patch; returns the Deployment's new generation.
 *
 * @internal
 */
export async function patchDeployment(
  objects: KubernetesObjects,
  namespace: string,
  name: string,
  patch: JsonPatch,
): Promise<number> {
  try {
    const patched = await objects.patch<Deployment>(
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name },
      patch,
      'json',
      { timeoutMs: KUBERNETES_TIMEOUT_MS },
    );
    return patched.metadata.generation ?? 0;
  } catch (error) {
    throw rollbackError(error, `Deployment ${namespace}/${name}`);
  }
}

/**
 * A Deployment as a rollback target: `kubectl rollout undo deployment
 * --to-revision` semantics, guarded by the resourceVersion.
 *
 * @internal
 */
export async function deploymentTarget(
  objects: KubernetesObjects,
  namespace: string,
  name: string,
): Promise<RollbackTarget> {
  const { deployment, revisions } = await readDeploymentState(
    objects,
    namespace,
    name,
  );
  return {
    kind: 'Deployment',
    object: deployment,
    currentRevision: revisionOf(deployment),
    templates: new Map(
      [...revisions].map(([revision, rs]) => [revision, rs.spec.template]),
    ),
    notRollingOut: deployment.spec.paused
      ? `Deployment ${namespace}/${name} is paused: a rollback would not roll out. ` +
        'Resume it first (kubectl rollout resume)'
      : undefined,
    apply: ({ toRevision, resourceVersion, changeCause }) =>
      patchDeployment(
        objects,
        namespace,
        name,
        rollbackPatch({
          deployment,
          target: revisions.get(toRevision)!,
          resourceVersion,
          changeCause,
        }),
      ),
  };
}
