import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesCluster,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  devcluster,
  eventually,
  testDeployment,
} from '../__testUtils__/devcluster';
import { WatchedCollection } from './WatchedCollection';

// Against the local devcluster (packages/devcluster); fails if it is down.
jest.setTimeout(120_000);

const timing = {
  requestTimeoutMs: 2000,
  watchTimeoutSeconds: 2,
  backoffInitialMs: 100,
  backoffMaxMs: 500,
};

describe('WatchedCollection against the devcluster', () => {
  let admin: AdminApis;
  let dev: KubernetesCluster;
  let namespace: string;
  const controller = new AbortController();

  beforeAll(async () => {
    const { data } = await devcluster();
    dev = KubernetesClusters.fromConfig(new ConfigReader(data as any)).get(
      'dev',
    )!;
    admin = await adminApis('dev');
    namespace = await createTestNamespace(admin, 'console-watch-it');
  });

  afterAll(async () => {
    controller.abort();
    await admin.core.deleteNamespace({ name: namespace });
  });

  it('lists, follows changes across server-ended watches, and relists on 410', async () => {
    // The first list answers with a resourceVersion etcd has long compacted,
    // so the first watch gets 410 Gone and the collection has to relist.
    let lists = 0;
    const expired = Object.create(dev) as KubernetesCluster;
    expired.getJson = async <T>(
      ...args: Parameters<KubernetesCluster['getJson']>
    ) => {
      const page = (await dev.getJson<any>(...args)) as any;
      lists += 1;
      if (lists === 1) page.metadata.resourceVersion = '1';
      return page as T;
    };
    const collection = new WatchedCollection({
      cluster: expired,
      resource: 'deployments',
      namespace,
      logger: mockServices.logger.mock(),
      timing,
    });
    const run = collection.run(controller.signal);
    await collection.whenFirstAttemptDone();
    await eventually(
      () => lists >= 2 && collection.status().watching,
      10_000,
      'relist after 410',
    );
    expect(collection.status()).toMatchObject({ synced: true, objects: 0 });

    await admin.apps.createNamespacedDeployment({
      namespace,
      body: testDeployment(namespace, 'watched', '1.0.0') as any,
    });
    await eventually(
      () => collection.values().some(d => d.metadata.name === 'watched'),
      10_000,
      'ADDED event',
    );
    // Outlive a few server-side watch timeouts, then change and delete it.
    await new Promise(r => setTimeout(r, 5000));
    await admin.apps.deleteNamespacedDeployment({ namespace, name: 'watched' });
    await eventually(
      () => collection.values().length === 0,
      10_000,
      'DELETED event',
    );
    expect(lists).toBe(2);
    expect(collection.status().lastError).toBeUndefined();

    controller.abort();
    await run;
    expect(collection.status().watching).toBe(false);
  });

  it('reports an unreachable cluster without blocking, and retries', async () => {
    const down = KubernetesClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'down',
                  url: 'https://127.0.0.1:1',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 't',
                },
              ],
            },
          ],
        },
      }),
    ).get('down')!;
    const stop = new AbortController();
    const collection = new WatchedCollection({
      cluster: down,
      resource: 'pods',
      logger: mockServices.logger.mock(),
      timing,
    });
    const started = Date.now();
    const run = collection.run(stop.signal);
    await collection.whenFirstAttemptDone();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(collection.status()).toMatchObject({
      synced: false,
      watching: false,
    });
    expect(collection.status().lastError).toMatch(/down: .*ECONNREFUSED/);
    stop.abort();
    await run;
  });
});
