import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { testApplicationModel } from '@paasport/kubernetes-node/testUtils';
import {
  isClusterError,
  ReleaseMatrixResponse,
} from '@paasport/plugin-console-common';
import { component, system, testOrg } from './__testUtils__/backend';
import { cuttableProxy } from './__testUtils__/cuttableProxy';
import { devcluster, eventually } from './__testUtils__/devcluster';
import { ClusterCaches } from './cache/ClusterCaches';
import { readConsoleConfig } from './config';
import { ReleaseService } from './releases/ReleaseService';

// Reads the devcluster's `dev` directly and its `prod` through a proxy the
// test cuts and restores; the shared API servers themselves keep running.
jest.setTimeout(120_000);

/**
 * How long prod stays cut: long enough for retries to back off to their cap
 * (with the former 60 s cap they waited 16–32 s by then, and prod looked
 * stale for up to that long after it was back).
 */
const OUTAGE_MS = 20_000;
/**
 * Fresh again this soon after restore: the probe notices within a second;
 * the retry cap alone (5 s) would also do, barely.
 */
const RECOVERY_MS = 6_000;

describe('cluster freshness in the fleet matrix', () => {
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let caches: ClusterCaches;
  let releases: ReleaseService;

  beforeAll(async () => {
    const { data } = await devcluster();
    const configured = data.kubernetes.clusterLocatorMethods[0].clusters;
    const prodUrl: string = configured.find(c => c.name === 'prod')!.url;
    const prod = new URL(prodUrl);
    proxy = await cuttableProxy({
      host: prod.hostname,
      port: Number(prod.port),
    });
    const clustersWith = (url: string) =>
      KubernetesClusters.fromConfig(
        new ConfigReader({
          ...data,
          kubernetes: {
            ...data.kubernetes,
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: configured
                  .filter(c => ['dev', 'prod'].includes(c.name))
                  .map(c => (c.name === 'prod' ? { ...c, url } : c)),
              },
            ],
          },
        } as any),
      );
    caches = new ClusterCaches({
      clusters: clustersWith(`https://${prod.hostname}:${proxy.port}`),
      logger: mockServices.logger.mock(),
      namespaces: ['storefront'],
      // The production defaults: what is under test is their retry timing.
      timing: readConsoleConfig(new ConfigReader({})).timing,
      readyWaitMs: 30_000,
    });
    caches.start();
    releases = new ReleaseService(
      caches,
      // The tenancy model asks the clusters directly: only the caches lose prod.
      testApplicationModel({
        entities: [
          ...testOrg(),
          system('shop'),
          component('shop-web', 'storefront', 'shop'),
        ],
        clusters: clustersWith(prodUrl),
      }),
    );
  });

  afterAll(async () => {
    await caches?.stop();
    await proxy?.close();
  });

  const matrix = () =>
    releases.matrix(
      { kind: 'system', namespace: 'default', name: 'shop' },
      mockCredentials.user('user:default/alice'),
    );
  const prodImages = (m: ReleaseMatrixResponse) => {
    const cell = m.rows[0].cells.find(c => c.cluster === 'prod')!;
    return isClusterError(cell) ? cell.error.message : cell.workloads[0].images;
  };

  it('marks a cluster stale within seconds of losing it, and fresh within seconds of it answering again', async () => {
    const fresh = await eventually(
      async () => {
        const m = await matrix();
        return !m.freshness.prod.stale && m.freshness.prod.synced && m;
      },
      30_000,
      'prod synced through the proxy',
    );
    expect(fresh.freshness.dev).toEqual({ synced: true, stale: false });
    const imagesBefore = prodImages(fresh);
    expect(imagesBefore).toEqual([
      expect.stringMatching(/^registry\.paasport\.dev\/shop\/web:/),
    ]);

    const cutAt = Date.now();
    await proxy.cut();
    const stale = await eventually(
      async () => {
        const m = await matrix();
        return m.freshness.prod.stale && m;
      },
      5_000,
      'prod marked stale',
    );
    expect(Date.parse(stale.freshness.prod.staleSince!)).toBeGreaterThanOrEqual(
      cutAt - 1000,
    );
    // What prod said last is still shown, now under the marker; dev is fine.
    expect(prodImages(stale)).toEqual(imagesBefore);
    expect(stale.freshness.dev).toEqual({ synced: true, stale: false });

    // A long outage: the retries back off meanwhile.
    await new Promise(resolve => setTimeout(resolve, OUTAGE_MS));
    expect((await matrix()).freshness.prod.stale).toBe(true);

    await proxy.restore();
    const back = await eventually(
      async () => {
        const m = await matrix();
        return !m.freshness.prod.stale && m;
      },
      RECOVERY_MS,
      'prod fresh again',
    );
    expect(back.freshness.prod).toEqual({ synced: true, stale: false });
    expect(prodImages(back)).toEqual(imagesBefore);
  });
});
