import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  KubernetesCluster,
  kubernetesErrorStatus,
  loadClientNode,
} from '@paasport/kubernetes-node';
import { Deployment, PodTemplate, ReplicaSet } from '../cache/types';
import {
  CHANGE_CAUSE_ANNOTATION,
  isOwnedBy,
  revisionOf,
} from '../releases/rollout';

/** Who the API server records as the writer of our changes. */
export const FIELD_MANAGER = 'paasport-console';

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

const TIMEOUT_MS = 15_000;

/**
 * Reads a Deployment and its ReplicaSets straight from the API server: a
 * rollback must not act on a cache that may lag behind.
 *
 * @internal
 */
export async function readDeploymentState(
  cluster: KubernetesCluster,
  namespace: string,
  name: string,
): Promise<DeploymentState> {
  const base = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}`;
  const deployment = await cluster
    .getJson<Deployment>(
      `${base}/deployments/${encodeURIComponent(name)}`,
      {},
      { timeoutMs: TIMEOUT_MS },
    )
    .catch(error => {
      throw kubernetesError(error, `Deployment ${namespace}/${name}`);
    });
  const { items } = await cluster.getJson<{ items: ReplicaSet[] }>(
    `${base}/replicasets`,
    {},
    { timeoutMs: TIMEOUT_MS },
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
  cluster: KubernetesCluster,
  namespace: string,
  name: string,
  patch: JsonPatch,
): Promise<number> {
  const k8s = await loadClientNode();
  const apps = await cluster.api(c => c.AppsV1Api);
  try {
    const patched = await apps.patchNamespacedDeployment(
      { name, namespace, body: patch, fieldManager: FIELD_MANAGER },
      await cluster.callOptions({
        contentType: k8s.PatchStrategy.JsonPatch,
        timeoutMs: TIMEOUT_MS,
      }),
    );
    return patched.metadata?.generation ?? 0;
  } catch (error) {
    throw kubernetesError(error, `Deployment ${namespace}/${name}`);
  }
}

/** Turns API server refusals into the errors the router maps to HTTP. */
function kubernetesError(error: unknown, what: string): Error {
  const detail = apiMessage(error);
  switch (kubernetesErrorStatus(error)) {
    case 404:
      return new NotFoundError(`${what} not found`);
    case 409:
      return new ConflictError(
        `${what} changed while rolling back; nothing was changed, reload and try again`,
      );
    case 403:
      return new NotAllowedError(
        `the cluster refused the portal access to ${what}: ${detail}`,
      );
    case 400:
    case 422:
      return new InputError(
        `the cluster rejected the rollback of ${what}: ${detail}`,
      );
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

function apiMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not a Status object
  }
  return error instanceof Error ? error.message : String(error);
}
