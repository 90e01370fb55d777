import { KubernetesClusters } from '@paasport/kubernetes-node';
import { encodeLocation } from '../kube/location';
import { InstanceLocator } from './InstanceLocator';

const cluster = (name: string) => ({
  name,
  // Port 1 refuses connections: an unreachable cluster.
  url: 'https://127.0.0.1:1',
  skipTLSVerify: true,
  auth: { type: 'bearerToken' as const, token: 't' },
});

describe('InstanceLocator', () => {
  const two = new InstanceLocator(
    new KubernetesClusters([cluster('dev'), cluster('prod')]),
  );

  it('uses the cluster the request was placed on, or the plan’s', () => {
    expect(two.chooseCluster('prod', undefined)).toBe('prod');
    expect(two.chooseCluster(undefined, 'dev')).toBe('dev');
    expect(two.chooseCluster('prod', 'prod')).toBe('prod');
  });

  it.each([
    ['prod', 'dev', /runs on cluster 'prod'; 'dev' was requested/],
    [undefined, 'stage', /No cluster 'stage' is configured/],
    [undefined, undefined, /Choose a cluster.*configured: dev, prod/],
  ])('refuses pinned %s with requested %s', (pinned, requested, message) => {
    expect(() => two.chooseCluster(pinned, requested)).toThrow(message);
  });

  it('takes the only cluster when there is one', () => {
    const one = new InstanceLocator(new KubernetesClusters([cluster('dev')]));
    expect(one.chooseCluster(undefined, undefined)).toBe('dev');
  });

  it('recalls locations from memory or the operation token, without asking a cluster', async () => {
    const locator = new InstanceLocator(
      new KubernetesClusters([cluster('dev')]),
    );
    const token = encodeLocation({ cluster: 'dev', namespace: 'a' });
    expect(locator.recall({ instanceId: 'i1', operation: token })).toEqual({
      cluster: 'dev',
      namespace: 'a',
    });
    locator.remember('i2', { cluster: 'dev', namespace: 'b' });
    await expect(
      locator.locate({ instanceId: 'i2' }, undefined, []),
    ).resolves.toEqual({
      cluster: 'dev',
      namespace: 'b',
    });
    locator.forget('i2');
    expect(locator.recall({ instanceId: 'i2' })).toBeUndefined();
    // What the marketplace recorded on the request wins over everything.
    expect(
      locator.recall({
        instanceId: 'i1',
        operation: token,
        cluster: 'prod',
        namespace: 'c',
      }),
    ).toEqual({ cluster: 'prod', namespace: 'c' });
  });

  // Loading client-node for the first call takes a few seconds under jest.
  it('refuses to say "not there" when a candidate cluster cannot be asked', async () => {
    const locator = new InstanceLocator(
      new KubernetesClusters([cluster('dev')]),
    );
    await expect(
      locator.search('i3', undefined, [
        {
          group: 'kafka.strimzi.io',
          versions: ['v1beta2'],
          plural: 'kafkas',
          kind: 'Kafka',
        },
      ]),
    ).rejects.toMatchObject({
      retryable: true,
      message: expect.stringMatching(/Cannot tell where instance i3 is/),
    });
  }, 30_000);
});
