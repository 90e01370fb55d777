import { ConfigReader } from '@backstage/config';
import net from 'node:net';
import { KubernetesClusters } from './KubernetesClusters';
import { kubernetesErrorStatus, loadClientNode } from './clientNode';
import { devcluster } from './__testUtils__/devcluster';

// Runs against the local devcluster (packages/devcluster); fails if it is down.
jest.setTimeout(60_000);

describe('KubernetesCluster against the devcluster', () => {
  let clusters: KubernetesClusters;

  beforeAll(async () => {
    clusters = KubernetesClusters.fromConfig((await devcluster()).config);
  });

  it('reads both clusters with their Prometheus', () => {
    expect(clusters.list().map(c => [c.name, !!c.prometheusUrl])).toEqual([
      ['dev', true],
      ['prod', true],
    ]);
  });

  it('makes typed calls with the service account token', async () => {
    const apps = await clusters.get('dev')!.api(k8s => k8s.AppsV1Api);
    const list = await apps.listNamespacedDeployment({
      namespace: 'storefront',
    });
    expect(list.items.map(d => d.metadata?.name)).toEqual(
      expect.arrayContaining(['shop-web', 'shop-api', 'shop-worker']),
    );
  });

  it('reports RBAC refusals with their status', async () => {
    const core = await clusters.get('prod')!.api(k8s => k8s.CoreV1Api);
    const error = await core.listNode().catch(e => e);
    expect(kubernetesErrorStatus(error)).toBe(403);
    const raw = await clusters
      .get('prod')!
      .getJson('/api/v1/nodes')
      .catch(e => e);
    expect(raw).toMatchObject({ code: 403, reason: 'Forbidden' });
  });

  it('authenticates with client certificates', async () => {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile((await devcluster()).kubeconfigPath);
    const admin = kc.getUser('dev-admin')!;
    const dev = (await devcluster()).data.kubernetes.clusterLocatorMethods[0]
      .clusters[0];
    const certClusters = new KubernetesClusters([
      {
        name: 'dev-admin',
        url: dev.url,
        caData: dev.caData,
        skipTLSVerify: false,
        auth: {
          type: 'clientCertificate',
          certData: admin.certData!,
          keyData: admin.keyData!,
        },
      },
    ]);
    const cluster = certClusters.get('dev-admin')!;
    const nodes = await cluster.getJson<{ items: unknown[] }>('/api/v1/nodes');
    expect(nodes.items.length).toBeGreaterThan(0);
    const core = await cluster.api(c => c.CoreV1Api);
    expect((await core.listNode()).items.length).toBe(nodes.items.length);
  });

  it('streams watches and stops them on abort', async () => {
    const dev = clusters.get('dev')!;
    const list = await dev.getJson<{ metadata: { resourceVersion: string } }>(
      '/apis/apps/v1/namespaces/storefront/deployments',
    );
    const controller = new AbortController();
    const response = await dev.stream(
      '/apis/apps/v1/namespaces/storefront/deployments',
      {
        watch: true,
        resourceVersion: list.metadata.resourceVersion,
        allowWatchBookmarks: true,
      },
      { signal: controller.signal },
    );
    expect(response.statusCode).toBe(200);
    const closed = new Promise(resolve => response.on('close', resolve));
    controller.abort();
    await closed;
    expect(response.destroyed).toBe(true);
  });

  it('gives up on a silent server and names the cluster', async () => {
    // A listener that accepts connections and never answers.
    const server = net.createServer(() => {});
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const silent = KubernetesClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'silent',
                  url: `https://127.0.0.1:${port}`,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 't',
                },
              ],
            },
          ],
        },
      }),
    ).get('silent')!;
    try {
      const started = Date.now();
      await expect(
        silent.getJson('/api/v1/pods', {}, { timeoutMs: 300 }),
      ).rejects.toThrow('silent: no answer within 300 ms');
      const core = await silent.api(k8s => k8s.CoreV1Api);
      await expect(
        core.listPodForAllNamespaces(
          {},
          await silent.callOptions({ timeoutMs: 300 }),
        ),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      server.close();
    }
  });
});
