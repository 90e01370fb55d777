import type { KubernetesObject } from '@kubernetes/client-node';
import { benchAdmin, BenchAdmin } from './admin';

/** The demo entity the page views are for (seeded by devcluster with history). */
export const ENTITY = {
  name: 'shop-api',
  namespace: 'storefront',
  replicas: 50,
} as const;

/** Namespaces of the filler workloads, so the entity's namespace stays as seeded. */
const LOAD_NAMESPACES = ['bench-load-1', 'bench-load-2', 'bench-load-3'];
/** Filler Deployments per cluster; their replicas make up the pod total. */
const LOAD_DEPLOYMENTS = 150;
const FIELD_MANAGER = 'console-bench';

/** What one cluster holds once seeded. */
export interface SeededCluster {
  cluster: string;
  pods: number;
  runningPods: number;
  entityPods: number;
  deployments: number;
  replicaSets: number;
}

async function apply(api: BenchAdmin, objects: KubernetesObject[]) {
  for (const object of objects) {
    await api.objects.patch(
      object,
      undefined,
      undefined,
      FIELD_MANAGER,
      true,
      api.k8s.PatchStrategy.ServerSideApply,
    );
  }
}

function loadDeployment(namespace: string, name: string, replicas: number) {
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'bench-load',
    'backstage.io/kubernetes-id': name,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'load', image: 'registry.paasport.dev/bench/load:1.0.0' },
          ],
        },
      },
    },
  };
}

/** Sum of desired replicas of every workload outside the filler namespaces. */
async function otherReplicas(api: BenchAdmin): Promise<number> {
  const [deployments, statefulSets] = await Promise.all([
    api.apps.listDeploymentForAllNamespaces(),
    api.apps.listStatefulSetForAllNamespaces(),
  ]);
  return [...deployments.items, ...statefulSets.items]
    .filter(w => !LOAD_NAMESPACES.includes(w.metadata?.namespace ?? ''))
    .reduce((sum, w) => sum + (w.spec?.replicas ?? 1), 0);
}

/**
 * Gives one cluster `podsPerCluster` pods: scales the demo entity to 50
 * replicas (raising its team quota, which is sized for the demo, so that
 * 50 pods plus a rollout's surge fit) and adds filler Deployments for the
 * rest. Idempotent (server-side apply), so a kept instance converges.
 */
export async function seedCluster(
  cluster: string,
  podsPerCluster: number,
): Promise<void> {
  const api = await benchAdmin(cluster);
  await apply(api, [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace: ENTITY.namespace },
      spec: {
        hard: {
          pods: '200',
          'requests.cpu': '40',
          'limits.cpu': '80',
          'requests.memory': '64Gi',
          'limits.memory': '128Gi',
        },
      },
    } as KubernetesObject,
    ...LOAD_NAMESPACES.map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
  ]);
  await api.apps.patchNamespacedDeploymentScale(
    {
      name: ENTITY.name,
      namespace: ENTITY.namespace,
      body: { spec: { replicas: ENTITY.replicas } },
      fieldManager: FIELD_MANAGER,
    },
    api.k8s.setHeaderOptions('Content-Type', api.k8s.PatchStrategy.MergePatch),
  );
  const filler = podsPerCluster - (await otherReplicas(api));
  const deployments = Array.from({ length: LOAD_DEPLOYMENTS }, (_, i) =>
    loadDeployment(
      LOAD_NAMESPACES[i % LOAD_NAMESPACES.length],
      `load-${String(i + 1).padStart(3, '0')}`,
      Math.floor(filler / LOAD_DEPLOYMENTS) +
        (i < filler % LOAD_DEPLOYMENTS ? 1 : 0),
    ),
  );
  await apply(api, deployments);
}

/**
 * Waits until every Deployment and StatefulSet of the cluster has all its
 * replicas available (kwok marks pods Running 0.5–2 s after scheduling; the
 * controller-manager and scheduler create and bind them at their own QPS).
 */
export async function waitUntilSettled(
  cluster: string,
  timeoutMs: number,
  progress: (message: string) => void,
): Promise<void> {
  const api = await benchAdmin(cluster);
  const deadline = Date.now() + timeoutMs;
  let lastReport = 0;
  for (;;) {
    const [deployments, statefulSets] = await Promise.all([
      api.apps.listDeploymentForAllNamespaces(),
      api.apps.listStatefulSetForAllNamespaces(),
    ]);
    const workloads = [...deployments.items, ...statefulSets.items];
    const wanted = workloads.reduce((s, w) => s + (w.spec?.replicas ?? 1), 0);
    const ready = workloads.reduce(
      (s, w) =>
        s +
        Math.min(
          w.spec?.replicas ?? 1,
          (w.status as { availableReplicas?: number })?.availableReplicas ?? 0,
        ),
      0,
    );
    const settled = workloads.every(
      w =>
        (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 0) &&
        (w.status?.replicas ?? 0) === (w.spec?.replicas ?? 1) &&
        (w.status?.updatedReplicas ?? 0) === (w.spec?.replicas ?? 1),
    );
    if (settled && ready === wanted) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${cluster}: only ${ready}/${wanted} replicas available after ${timeoutMs} ms`,
      );
    }
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      progress(`${cluster}: ${ready}/${wanted} replicas available`);
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

/** Counts what the cluster holds (paged lists, as an admin). */
export async function describeCluster(cluster: string): Promise<SeededCluster> {
  const api = await benchAdmin(cluster);
  const pods: Array<{ phase?: string; labels: Record<string, string> }> = [];
  let token: string | undefined;
  do {
    const page = await api.core.listPodForAllNamespaces({
      limit: 500,
      _continue: token,
    });
    pods.push(
      ...page.items.map(p => ({
        phase: p.status?.phase,
        labels: p.metadata?.labels ?? {},
      })),
    );
    token = page.metadata?._continue;
  } while (token);
  const [deployments, replicaSets] = await Promise.all([
    api.apps.listDeploymentForAllNamespaces(),
    api.apps.listReplicaSetForAllNamespaces(),
  ]);
  return {
    cluster,
    pods: pods.length,
    runningPods: pods.filter(p => p.phase === 'Running').length,
    entityPods: pods.filter(
      p => p.labels['backstage.io/kubernetes-id'] === ENTITY.name,
    ).length,
    deployments: deployments.items.length,
    replicaSets: replicaSets.items.length,
  };
}
