import { AdminApis, labelledDeployment } from '../src/__testUtils__/devcluster';

/** The scratch namespace of the benchmark, on every cluster it uses. */
export const BENCH_NAMESPACE = 'bench-discovery';
const FIELD_MANAGER = 'paasport-bench';

/** Runs `fn` over `items` with at most `concurrency` calls in flight. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        await fn(items[next++]);
      }
    }),
  );
}

function status(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Deletes the namespace (and its workloads) and waits until it is gone. */
export async function deleteNamespace(api: AdminApis): Promise<number> {
  const started = Date.now();
  try {
    await api.core.deleteNamespace({ name: BENCH_NAMESPACE });
  } catch (error) {
    if (status(error) !== 404) throw error;
    return 0;
  }
  for (;;) {
    try {
      await api.core.readNamespace({ name: BENCH_NAMESPACE });
    } catch (error) {
      if (status(error) === 404) return Date.now() - started;
      throw error;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Labels of bench workload `i` of a cluster. */
export function benchLabels(cluster: string, i: number, partOf?: string) {
  return {
    'app.kubernetes.io/name': `bench-${cluster}-${i}`,
    'app.kubernetes.io/part-of': partOf ?? `bench-app-${i % 100}`,
    'paasport.io/team': 'bench-team',
  };
}

/** A fresh namespace with `count` Deployments with 0 replicas. */
export async function createWorkloads(
  api: AdminApis,
  cluster: string,
  count: number,
): Promise<void> {
  await api.core.createNamespace({
    body: {
      metadata: {
        name: BENCH_NAMESPACE,
        labels: { 'paasport.io/team': 'bench-team' },
      },
    },
  });
  const indexes = Array.from({ length: count }, (_, i) => i);
  await pool(indexes, 48, i => createOne(api, cluster, i));
}

function createOne(api: AdminApis, cluster: string, i: number) {
  const name = `bench-${i}`;
  return api.apps.createNamespacedDeployment({
    namespace: BENCH_NAMESPACE,
    body: labelledDeployment(BENCH_NAMESPACE, name, benchLabels(cluster, i)),
    fieldManager: FIELD_MANAGER,
  });
}

/**
 * 100 changes on one cluster: 50 workloads move to another System, 25 are
 * deleted, 25 are created. `round` picks workloads no earlier round touched.
 */
export async function changeWorkloads(
  api: AdminApis,
  cluster: string,
  round: number,
  count: number,
): Promise<{ changed: number; deleted: number; created: number }> {
  const base = round * 100;
  const moved = Array.from({ length: 50 }, (_, i) => base + i);
  const deleted = Array.from({ length: 25 }, (_, i) => base + 50 + i);
  const created = Array.from({ length: 25 }, (_, i) => count + base + i);
  await pool(moved, 25, i =>
    api.apps.patchNamespacedDeployment(
      {
        name: `bench-${i}`,
        namespace: BENCH_NAMESPACE,
        body: {
          metadata: {
            labels: { 'app.kubernetes.io/part-of': `bench-moved-${round}` },
          },
        },
        fieldManager: FIELD_MANAGER,
      },
      api.k8s.setHeaderOptions(
        'Content-Type',
        api.k8s.PatchStrategy.MergePatch,
      ),
    ),
  );
  await pool(deleted, 25, i =>
    api.apps.deleteNamespacedDeployment({
      name: `bench-${i}`,
      namespace: BENCH_NAMESPACE,
    }),
  );
  await pool(created, 25, i => createOne(api, cluster, i));
  return {
    changed: moved.length,
    deleted: deleted.length,
    created: created.length,
  };
}
