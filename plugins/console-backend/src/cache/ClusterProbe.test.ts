import { ConfigReader } from '@backstage/config';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterProbe } from './ClusterProbe';
import { RetryNudge } from './RetryNudge';

// A local HTTP server plays the API server's /readyz.
describe('ClusterProbe', () => {
  let server: http.Server;
  let ready = false;
  let probes = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      probes += 1;
      res.statusCode = req.url === '/readyz' && ready ? 200 : 500;
      res.end(ready ? 'ok' : 'not ready');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  const cluster = () =>
    KubernetesClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: `http://127.0.0.1:${
                    (server.address() as AddressInfo).port
                  }`,
                  skipTLSVerify: true,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 't',
                },
              ],
            },
          ],
        },
      }),
    ).get('local')!;

  it('asks nothing while all is well, and reports the cluster back once after a failed probe', async () => {
    let troubled = false;
    let backs = 0;
    const stop = new AbortController();
    const probe = new ClusterProbe({
      cluster: cluster(),
      intervalMs: 20,
      troubled: () => troubled,
      onBack: () => {
        backs += 1;
      },
    });
    const running = probe.run(stop.signal);

    // Healthy: no probes at all.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(probes).toBe(0);

    troubled = true;
    await eventually(() => probes >= 3, 5000, 'failing probes');
    expect(backs).toBe(0);
    ready = true;
    await eventually(() => backs === 1, 5000, 'the cluster reported back');
    // Still troubled (the collections have not reconnected yet): answers
    // go on, but "back" was said once.
    const after = probes;
    await eventually(() => probes >= after + 3, 5000, 'more probes');
    expect(backs).toBe(1);

    stop.abort();
    await running;
  });
});

describe('RetryNudge', () => {
  it('ends every wait early when nudged, and each on its own timer otherwise', async () => {
    const nudge = new RetryNudge();
    const signal = new AbortController().signal;
    const started = Date.now();
    const waits = [nudge.wait(60_000, signal), nudge.wait(60_000, signal)];
    expect(nudge.size).toBe(2);
    nudge.nudge();
    await Promise.all(waits);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(nudge.size).toBe(0);

    await nudge.wait(10, signal);
    expect(nudge.size).toBe(0);
  });

  it('ends a wait when its signal aborts', async () => {
    const nudge = new RetryNudge();
    const controller = new AbortController();
    const wait = nudge.wait(60_000, controller.signal);
    controller.abort();
    await wait;
    expect(nudge.size).toBe(0);
  });
});
