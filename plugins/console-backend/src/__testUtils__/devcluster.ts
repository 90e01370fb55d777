import { readDevclusterConfig } from '@paasport/devcluster';
import { loadClientNode } from '@paasport/kubernetes-node';
import { Deployment } from '../cache/types';
import { deploymentRollout } from '../releases/rollout';

/**
 * The running devcluster: the Backstage config `devcluster up` generated for
 * the portal, and the admin kubeconfig for test setup. Throws, so that tests
 * fail loudly, when the clusters were never set up.
 */
export async function devcluster() {
  const { data: raw, kubeconfigPath } = readDevclusterConfig();
  const data = raw as {
    kubernetes: {
      clusterLocatorMethods: Array<{ clusters: Array<Record<string, any>> }>;
    };
    paasport: { clusters: Record<string, { prometheusUrl?: string }> };
  };
  return { data, kubeconfigPath };
}

/** Admin API clients for one devcluster context (test setup and checks). */
export async function adminApis(context: string) {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile((await devcluster()).kubeconfigPath);
  kc.setCurrentContext(context);
  return {
    k8s,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
  };
}

export type AdminApis = Awaited<ReturnType<typeof adminApis>>;

/** Polls `check` until it returns a value (not undefined/false) or time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `timed out waiting for ${what}${lastError ? `: ${lastError}` : ''}`,
  );
}

/** A Deployment like the demo's, small, with a change-cause per version. */
export function testDeployment(
  namespace: string,
  name: string,
  version: string,
) {
  const labels = {
    'app.kubernetes.io/name': name,
    'backstage.io/kubernetes-id': name,
    'paasport.io/team': 'console-it',
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels,
      annotations: {
        'kubernetes.io/change-cause': `deploy ${name} ${version}`,
      },
    },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 60,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.paasport.dev/console-it/${name}:${version}`,
              env: [{ name: 'APP_VERSION', value: version }],
            },
          ],
        },
      },
    },
  };
}

/** Server-side applies a Deployment and waits until its rollout completes. */
export async function rollOut(
  api: AdminApis,
  manifest: ReturnType<typeof testDeployment>,
) {
  const { namespace, name } = manifest.metadata;
  await api.apps.patchNamespacedDeployment(
    {
      name,
      namespace,
      body: manifest,
      fieldManager: 'console-it',
      force: true,
    },
    api.k8s.setHeaderOptions(
      'Content-Type',
      api.k8s.PatchStrategy.ServerSideApply,
    ),
  );
  return waitForRollout(api, namespace, name);
}

export async function readRaw(api: AdminApis, namespace: string, name: string) {
  const read = await api.apps.readNamespacedDeployment({ name, namespace });
  return JSON.parse(JSON.stringify(read)) as Deployment;
}

export async function waitForRollout(
  api: AdminApis,
  namespace: string,
  name: string,
) {
  return eventually(
    async () => {
      const deployment = await readRaw(api, namespace, name);
      return deploymentRollout(deployment).state === 'complete' && deployment;
    },
    // A busy controller-manager (other tests creating thousands of objects)
    // can take a minute to pick a change up.
    180_000,
    `rollout of ${namespace}/${name}`,
  );
}

/** A namespace the portal may work in (its guardrail wants the team label). */
export async function createTestNamespace(api: AdminApis, prefix: string) {
  const name = `${prefix}-${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 6)}`;
  await api.core.createNamespace({
    body: { metadata: { name, labels: { 'paasport.io/team': 'console-it' } } },
  });
  return name;
}
