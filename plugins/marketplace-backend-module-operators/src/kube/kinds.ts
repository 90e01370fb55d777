import {
  KubernetesCluster,
  KubernetesKind,
  KubernetesObjectRef,
} from '@paasport/kubernetes-node';
import { invalid, isNotServed } from './errors';
import { ResourceType } from './types';

const TTL_MS = 10 * 60_000;

/** Per cluster: the version chosen for each API group, for ten minutes. */
const chosen = new WeakMap<
  KubernetesCluster,
  Map<string, { expires: number; version: Promise<string> }>
>();

/**
 * A type as the cluster serves it: the first of its versions that the
 * cluster's discovery knows (Strimzi `v1` where served, else `v1beta2`).
 *
 * @remarks
 * Only the choice is kept here; discovery itself is the object layer's
 * (`KubernetesCluster.discovery`, read with the portal's identity). A type
 * with one version is taken as it is: the object layer refuses it clearly
 * if the cluster does not serve it.
 */
export async function servedKind(
  cluster: KubernetesCluster,
  type: ResourceType,
): Promise<KubernetesKind> {
  const apiVersion = (version: string) =>
    type.group ? `${type.group}/${version}` : version;
  if (type.versions.length === 1) {
    return { apiVersion: apiVersion(type.versions[0]), kind: type.kind };
  }
  let groups = chosen.get(cluster);
  if (!groups) {
    groups = new Map();
    chosen.set(cluster, groups);
  }
  const cached = groups.get(type.group);
  if (cached && cached.expires > Date.now()) {
    return { apiVersion: apiVersion(await cached.version), kind: type.kind };
  }
  const version = firstServed(cluster, type, apiVersion);
  groups.set(type.group, { expires: Date.now() + TTL_MS, version });
  version.catch(() => groups!.delete(type.group));
  return { apiVersion: apiVersion(await version), kind: type.kind };
}

/** One object of a type, in the version the cluster serves. */
export async function servedRef(
  cluster: KubernetesCluster,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<KubernetesObjectRef> {
  return { ...(await servedKind(cluster, type)), namespace, name };
}

async function firstServed(
  cluster: KubernetesCluster,
  type: ResourceType,
  apiVersion: (version: string) => string,
): Promise<string> {
  for (const version of type.versions) {
    try {
      await cluster.discovery.resourceOf({
        apiVersion: apiVersion(version),
        kind: type.kind,
      });
      return version;
    } catch (error) {
      // Anything but "not served" (the cluster did not answer) is not an
      // answer about the version: let the caller retry.
      if (!isNotServed(error)) throw error;
    }
  }
  // Worded as discovery words it, so isNotServed recognises it too.
  throw invalid(
    `${cluster.name}: the cluster does not serve kind ${
      type.kind
    } in any of ${type.versions
      .map(apiVersion)
      .join(', ')} (is the operator installed?)`,
  );
}
