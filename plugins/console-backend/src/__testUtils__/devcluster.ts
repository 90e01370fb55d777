import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import {
  createTeamNamespace,
  devclusterKubeConfig,
  readDevclusterConfig,
} from '@paasport/devcluster';
import { loadClientNode } from '@paasport/kubernetes-node';
import { Deployment, StatefulSet } from '../cache/types';
import { deploymentRollout, statefulSetRollout } from '../releases/rollout';

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
  const kc = await devclusterKubeConfig(context);
  return {
    /** The devcluster cluster (its admin context), e.g. `dev`. */
    context,
    k8s,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    autoscaling: kc.makeApiClient(k8s.AutoscalingV2Api),
  };
}

export type AdminApis = Awaited<ReturnType<typeof adminApis>>;

export { eventually };

/**
 * A small test workload of `kind`: labels like the demo's, a change-cause,
 * and one container whose image and environment name the version; `spec`
 * adds what only that kind has.
 */
function testWorkload<Spec extends object>(
  kind: string,
  manifest: { namespace: string; name: string; version: string },
  container: { name: string; versionEnv: string },
  spec: Spec,
) {
  const { namespace, name, version } = manifest;
  const labels = {
    'app.kubernetes.io/name': name,
    'backstage.io/kubernetes-id': name,
    'paasport.io/team': 'console-it',
  };
  return {
    apiVersion: 'apps/v1',
    kind,
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
      ...spec,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: container.name,
              image: `registry.paasport.dev/console-it/${name}:${version}`,
              env: [{ name: container.versionEnv, value: version }],
            },
          ],
        },
      },
    },
  };
}

/** A Deployment like the demo's, small, with a change-cause per version. */
export function testDeployment(
  namespace: string,
  name: string,
  version: string,
) {
  return testWorkload(
    'Deployment',
    { namespace, name, version },
    { name: 'app', versionEnv: 'APP_VERSION' },
    { progressDeadlineSeconds: 60 },
  );
}

/** A small StatefulSet, one change-cause and image per version. */
export function testStatefulSet(
  namespace: string,
  name: string,
  version: string,
) {
  return testWorkload(
    'StatefulSet',
    { namespace, name, version },
    { name: 'db', versionEnv: 'DB_VERSION' },
    { serviceName: name },
  );
}

/** Server-side applies a test workload, as the tests' own field manager. */
async function applyWorkload(
  api: AdminApis,
  kind: 'Deployment' | 'StatefulSet',
  manifest: { metadata: { namespace: string; name: string } },
) {
  const { namespace, name } = manifest.metadata;
  const request = {
    name,
    namespace,
    body: manifest,
    fieldManager: 'console-it',
    force: true,
  };
  const options = api.k8s.setHeaderOptions(
    'Content-Type',
    api.k8s.PatchStrategy.ServerSideApply,
  );
  await (kind === 'Deployment'
    ? api.apps.patchNamespacedDeployment(request, options)
    : api.apps.patchNamespacedStatefulSet(request, options));
}

/** Polls a workload until its rollout is complete, and returns it. */
function untilRolledOut<T>(
  read: () => Promise<T>,
  complete: (workload: T) => boolean,
  what: string,
): Promise<T> {
  return eventually(
    async () => {
      const workload = await read();
      return complete(workload) && workload;
    },
    // A busy controller-manager (other tests creating thousands of objects)
    // can take a minute to pick a change up.
    180_000,
    what,
  );
}

/** Server-side applies a Deployment and waits until its rollout completes. */
export async function rollOut(
  api: AdminApis,
  manifest: ReturnType<typeof testDeployment>,
) {
  await applyWorkload(api, 'Deployment', manifest);
  const { namespace, name } = manifest.metadata;
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
  return untilRolledOut(
    () => readRaw(api, namespace, name),
    deployment => deploymentRollout(deployment).state === 'complete',
    `rollout of ${namespace}/${name}`,
  );
}

/** Server-side applies a StatefulSet and waits until its rollout completes. */
export async function rollOutStatefulSet(
  api: AdminApis,
  manifest: ReturnType<typeof testStatefulSet>,
) {
  await applyWorkload(api, 'StatefulSet', manifest);
  const { namespace, name } = manifest.metadata;
  return waitForStatefulSetRollout(api, namespace, name);
}

export async function readRawStatefulSet(
  api: AdminApis,
  namespace: string,
  name: string,
) {
  const read = await api.apps.readNamespacedStatefulSet({ name, namespace });
  return JSON.parse(JSON.stringify(read)) as StatefulSet;
}

export async function waitForStatefulSetRollout(
  api: AdminApis,
  namespace: string,
  name: string,
) {
  return untilRolledOut(
    () => readRawStatefulSet(api, namespace, name),
    set => statefulSetRollout(set).state === 'complete',
    `rollout of StatefulSet ${namespace}/${name}`,
  );
}

/**
 * A scratch team namespace as Paasport's namespace action makes it: labelled
 * `paasport.io/team=<team>`, the team's group bound to the team role, and the
 * portal allowed to act for people there (`createTeamNamespace` of
 * `@paasport/devcluster`). Returns its generated name.
 */
export async function createTestNamespace(
  api: AdminApis,
  prefix: string,
  team = 'console-it',
) {
  const name = `${prefix}-${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 6)}`;
  await createTeamNamespace(api.context, { name, team });
  return name;
}
