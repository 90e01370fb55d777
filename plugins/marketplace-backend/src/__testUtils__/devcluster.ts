import { ConfigReader } from '@backstage/config';
import type { CoreV1Api } from '@kubernetes/client-node';
import {
  devclusterKubeConfig,
  readDevclusterConfig,
} from '@paasport/devcluster';
import { KubernetesClusters, loadClientNode } from '@paasport/kubernetes-node';

/**
 * The running local clusters as the portal sees them (the generated
 * Backstage config with the portal's token) plus admin clients for test
 * setup and checks. Throws, so tests fail loudly, when they are not up.
 */
export async function devcluster() {
  const { data } = readDevclusterConfig();
  const k8s = await loadClientNode();
  const admin = async (context: string) =>
    (await devclusterKubeConfig(context)).makeApiClient(k8s.CoreV1Api);
  return {
    /** Backstage config data: kubernetes.clusterLocatorMethods etc. */
    data,
    clusters: KubernetesClusters.fromConfig(new ConfigReader(data)),
    admin,
  };
}

/** A Secret's data, decoded; undefined when the Secret does not exist. */
export async function readSecret(
  core: CoreV1Api,
  namespace: string,
  name: string,
) {
  try {
    const secret = await core.readNamespacedSecret({ namespace, name });
    return {
      secret,
      data: Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString('utf8'),
        ]),
      ),
    };
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}
