import {
  ProviderError,
  ProviderResult,
} from '@paasport/plugin-marketplace-node';
import { ClusterObjects } from '../kube/ClusterObjects';
import { invalid } from '../kube/errors';
import { encodeLocation } from '../kube/location';
import { isLabelValue } from '../kube/names';
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
 */
export async function createAll(
  objects: ClusterObjects,
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
    const { object, created } = await objects.create(type, {
      ...body,
      metadata,
    });
    done.set(`${type.kind}/${metadata.name}`, object);
    const owned = Object.entries(labels).every(
      ([key, value]) => object.metadata.labels?.[key] === value,
    );
    if (!created && !owned) {
      throw invalid(
        `${type.kind} ${namespace}/${metadata.name} on ${objects.name} exists and belongs to something else`,
      );
    }
  }
}

/** Fails clearly when the team's namespace is missing on the cluster. */
export async function requireNamespace(
  objects: ClusterObjects,
  namespace: string,
) {
  const found = await objects.cluster
    .getJson(`/api/v1/namespaces/${namespace}`)
    .then(
      () => true,
      (error: { code?: number }) => {
        if (error?.code === 404) return false;
        throw new ProviderError(
          `Cannot read namespace ${namespace} on ${objects.name}: ${error}`,
          { retryable: error?.code !== 403 },
        );
      },
    );
  if (!found) {
    throw invalid(`Namespace ${namespace} does not exist on ${objects.name}`);
  }
}
