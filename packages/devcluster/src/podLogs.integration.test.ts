import { loadClientNode } from '@paasport/kubernetes-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { devclusterKubeConfig } from './testing';
import { until } from './until';

/*
 * Every pod has a log of its own (issue 14): the exporter writes one file per
 * pod and container and keeps a kwok `Logs` object per pod pointing at it, owned
 * by the pod. Checked through the apiserver -> kwok path that `kubectl logs`
 * and the portal use.
 */
jest.setTimeout(120_000);

const namespace = `devcluster-logs-it-${process.pid}`;
let k8s: Awaited<ReturnType<typeof loadClientNode>>;
let admin: KubeConfig;

function core() {
  return admin.makeApiClient(k8s.CoreV1Api);
}

/** The kwok Logs object of a pod, or undefined when there is none. */
async function logsObject(pod: string): Promise<any> {
  return admin
    .makeApiClient(k8s.CustomObjectsApi)
    .getNamespacedCustomObject({
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      namespace,
      plural: 'logs',
      name: pod,
    })
    .catch(e => {
      if (e.code === 404) return undefined;
      throw e;
    });
}

async function podLog(pod: string, previous = false) {
  const text = await core().readNamespacedPodLog({
    name: pod,
    namespace,
    container: 'echo-api',
    tailLines: 100,
    previous,
  });
  return text.split('\n').filter(Boolean);
}

beforeAll(async () => {
  k8s = await loadClientNode();
  admin = await devclusterKubeConfig('dev');
  await core().createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  await admin
    ?.makeApiClient(k8s.CoreV1Api)
    .deleteNamespace({ name: namespace })
    .catch(() => undefined);
});

describe('pod logs in the dev cluster', () => {
  it('gives two pods of one Deployment different lines, each with its own crashed previous run, and forgets a deleted pod', async () => {
    await admin.makeApiClient(k8s.AppsV1Api).createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'echo' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'echo' } },
          template: {
            metadata: { labels: { app: 'echo' } },
            spec: {
              containers: [
                {
                  name: 'echo-api',
                  image: 'registry.paasport.dev/it/echo:1',
                },
              ],
            },
          },
        },
      },
    });
    const pods = await until('two Running pods', async () => {
      const list = await core().listNamespacedPod({
        namespace,
        labelSelector: 'app=echo',
      });
      const names = list.items
        .filter(p => p.status?.phase === 'Running')
        .map(p => ({ name: p.metadata!.name!, uid: p.metadata!.uid! }));
      return names.length === 2 ? names : undefined;
    });

    for (const pod of pods) {
      const object = await until(`Logs object of ${pod.name}`, () =>
        logsObject(pod.name),
      );
      expect(object.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Pod', name: pod.name, uid: pod.uid }),
      ]);
      expect(object.spec.logs).toEqual([
        expect.objectContaining({ containers: ['echo-api'] }),
      ]);
    }

    // kwok picks the object up from its watch: wait until both pods answer.
    const [a, b] = await Promise.all(
      pods.map(pod =>
        until(`log of ${pod.name}`, async () => {
          const lines = await podLog(pod.name);
          return lines.length > 0 ? lines : undefined;
        }),
      ),
    );
    const shared = a.filter(line => b.includes(line));
    expect(shared).toEqual([]);
    // "-api" containers log JSON requests, each with a trace id of its own.
    const traceIds = (lines: string[]) =>
      lines.map(l => JSON.parse(l).trace_id as string);
    expect(traceIds(a).filter(id => traceIds(b).includes(id))).toEqual([]);

    const [prevA, prevB] = await Promise.all(
      pods.map(pod => podLog(pod.name, true)),
    );
    expect(prevA.at(-1)).toContain('out of memory');
    expect(prevB.at(-1)).toContain('out of memory');
    expect(prevA).not.toEqual(prevB);

    // The pod's Logs object goes with it (garbage collector, owner reference).
    await core().deleteNamespacedPod({ name: pods[0].name, namespace });
    await until(`Logs object of ${pods[0].name} deleted`, async () =>
      (await logsObject(pods[0].name)) === undefined ? true : undefined,
    );
    expect(await logsObject(pods[1].name)).toBeDefined();
  });
});
