import {
  ProviderError,
  ProviderResult,
} from '@paasport/plugin-marketplace-node';
import {
  KubernetesCluster,
  kubernetesErrorStatus,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { invalid, toProviderError } from '../kube/errors';
import { servedRef } from '../kube/kinds';
import { encodeLocation } from '../kube/location';
import { FIELD_MANAGER, isLabelValue } from '../kube/names';
import { DesiredObject, KubeObject, Location } from '../kube/types';
import { Readiness } from '../status/readiness';

/**
 * How soon to look again while an operator works: under the processor's
 * 2.5 s wait, so one scheduled run follows a provisioning to its end.
 */
export const POLL_MS = 2_000;

/** Ids end up in label values; anything else would break the lookups. */
export function requireLabelValue(id: string, what: string) {
  if (!isLabelValue(id)) {
    throw invalid(`The ${what} id '${id}' cannot be used as a label value`);
  }
}

/** Marks an error of a call that may have left objects behind. */
export function withOrphanRisk(error: unknown): ProviderError {
  if (error instanceof ProviderError && error.orphanRisk) return error;
  const message = error instanceof Error ? error.message : String(error);
  const retryable = error instanceof ProviderError ? error.retryable : true;
  return new ProviderError(message, {
    retryable,
    orphanRisk: true,
    cause: error,
  });
}

/** The marketplace's result for a readiness; in-flight results carry the location. */
export function toResult(
  readiness: Readiness,
  location: Location,
): ProviderResult {
  switch (readiness.state) {
    case 'ready':
      return { phase: 'ready', message: readiness.message };
    case 'failed':
      return { phase: 'failed', message: readiness.message };
    default:
      return {
        phase: 'in_progress',
        operation: encodeLocation(location),
        retryAfterMs: POLL_MS,
        message: readiness.message,
      };
  }
}

/**
 * Creates the objects in order, each with the given labels and annotations
 * and, if it names one, an owner reference to an object created before it.
 * An object that already exists is accepted only if it carries the same
 * labels: a retry finds its own objects, never someone else's.
 *
 * @remarks
 * Creating is the only write, so specs are never changed behind an
 * operator: an object is read first and applied (server-side, without
 * force) only when absent. Applying rather than creating keeps to the one
 * object layer; without force, an object someone else made between the
 * read and the apply with other values is a conflict, not taken over.
 */
export async function createAll(
  objects: KubernetesObjects,
  namespace: string,
  desired: DesiredObject[],
  labels: Record<string, string>,
  annotations: Record<string, string>,
) {
  const done = new Map<string, KubeObject>();
  for (const { type, body, owner } of desired) {
    const parent = owner && done.get(`${owner.type.kind}/${owner.name}`);
    const metadata = {
      ...body.metadata,
      namespace,
      labels: { ...body.metadata.labels, ...labels },
      annotations: { ...body.metadata.annotations, ...annotations },
      ...(owner &&
        parent?.metadata.uid && {
          ownerReferences: [
            {
              apiVersion: parent.apiVersion!,
              kind: owner.type.kind,
              name: owner.name,
              uid: parent.metadata.uid,
            },
          ],
        }),
    };
    const ref = await servedRef(
      objects.cluster,
      type,
      namespace,
      metadata.name,
    );
    let object = await objects.get<KubeObject>(ref);
    if (object) {
      const owned = Object.entries(labels).every(
        ([key, value]) => object!.metadata.labels?.[key] === value,
      );
      if (!owned) {
        throw invalid(
          `${type.kind} ${namespace}/${metadata.name} on ${objects.cluster.name} exists and belongs to something else`,
        );
      }
    } else {
      object = await objects.apply<KubeObject>({
        ...body,
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata,
      });
    }
    done.set(`${type.kind}/${metadata.name}`, object);
  }
}

/**
 * Whether a namespace is gone from the cluster, asked with the portal's own
 * identity (which may read namespaces): a person is refused (403) even a
 * namespace that does not exist, since no RoleBinding grants them one. An
 * unanswered question counts as "not gone".
 */
export async function namespaceGone(
  cluster: KubernetesCluster,
  namespace: string,
): Promise<boolean> {
  const platform = new KubernetesObjects(cluster, {
    fieldManager: FIELD_MANAGER,
  });
  const found = await platform
    .get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })
    .catch(() => true);
  return !found;
}

/**
 * Fails clearly, before anything is created, when the team's namespace is
 * missing on the cluster or the person may not use it.
 */
export async function requireNamespace(
  objects: KubernetesObjects,
  namespace: string,
) {
  const where = `namespace ${namespace} on ${objects.cluster.name}`;
  let found;
  try {
    found = await objects.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    });
  } catch (error) {
    const refused = kubernetesErrorStatus(error) === 403;
    if (!refused || !(await namespaceGone(objects.cluster, namespace))) {
      throw toProviderError(error, `use ${where}`);
    }
  }
  if (!found) {
    throw invalid(
      `Namespace ${namespace} does not exist on ${objects.cluster.name}`,
    );
  }
}
