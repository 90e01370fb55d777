import {
  bindingRef,
  instanceRef,
  provisionInput,
  testProvider,
  untilSettled,
} from '../../__testUtils__/providers';
import { RedisTestOperator } from '../../__testUtils__/reconcilers/RedisTestOperator';
import { useScratchSpace } from '../../__testUtils__/scratchSpace';
import { secretValue } from '../../kube/secrets';
import { SECRET, SERVICE, STATEFUL_SET } from '../../kube/types';
import { REDIS, REDIS_CLUSTER, REDIS_REPLICATION } from './manifests';
import { RedisDriver } from './RedisDriver';

/*
 * operator:opstree-redis against the dev devcluster with the portal's token;
 * a test operator plays OT-Container-Kit's redis-operator. Fails (does not
 * skip) when the clusters are down.
 */
jest.setTimeout(180_000);

const CLUSTER = 'dev';

describe('operator:opstree-redis on the devcluster', () => {
  const space = useScratchSpace({
    cluster: CLUSTER,
    types: [REDIS, REDIS_REPLICATION, REDIS_CLUSTER],
    operator: (admin, namespace) => new RedisTestOperator(admin, namespace),
  });

  const deprovision = async (
    provider: ReturnType<typeof testProvider>,
    input: ReturnType<typeof provisionInput>,
    recorded = false,
  ) => {
    const ref = (operation?: string) => instanceRef(input, operation, recorded);
    const gone = await untilSettled(previous =>
      previous
        ? provider.getStatus(ref(previous.operation), 'deprovision')
        : provider.deprovision(ref()),
    );
    expect(gone.phase).toBe('gone');
    expect(await provider.verifyGone(ref(gone.operation))).toBe(true);
  };

  it('runs standalone Redis: ready from its StatefulSet, credentials from the Secret it made', async () => {
    const provider = testProvider(new RedisDriver(), space.clusters);
    // The marketplace chose the cluster and records it with the request.
    const input = provisionInput({
      namespace: space.namespace,
      offeringId: 'redis',
      cluster: CLUSTER,
    });
    const started = await provider.provision(input);
    const ready = await untilSettled(() =>
      provider.getStatus(
        instanceRef(input, started.operation, true),
        'provision',
      ),
    );
    expect(ready).toMatchObject({
      phase: 'ready',
      message: expect.stringMatching(/:6379$/),
    });
    const [redis] = await space.objects.list(REDIS, {
      namespace: space.namespace,
    });
    const name = redis.metadata.name;
    const auth = await space.objects.get(
      SECRET,
      space.namespace,
      `${name}-auth`,
    );
    // Owned by the Redis, so it cannot outlive it.
    expect(auth!.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Redis', name, uid: redis.metadata.uid }),
    ]);

    const binding = bindingRef(input, true);
    const bound = await untilSettled(() => provider.bind(binding));
    expect(bound.credentials).toEqual({
      host: `${name}.${space.namespace}.svc.cluster.local`,
      port: 6379,
      username: 'default',
      password: secretValue(auth, 'password'),
      uri: `redis://default:${secretValue(auth, 'password')}@${name}.${
        space.namespace
      }.svc.cluster.local:6379`,
    });
    expect((await provider.unbind(binding)).phase).toBe('gone');

    await deprovision(
      testProvider(new RedisDriver(), space.clusters),
      input,
      true,
    );
    expect(
      await space.objects.get(REDIS, space.namespace, name),
    ).toBeUndefined();
    expect(
      await space.objects.get(SECRET, space.namespace, `${name}-auth`),
    ).toBeUndefined();
    expect(
      await space.objects.get(STATEFUL_SET, space.namespace, name),
    ).toBeUndefined();
    expect(
      await space.objects.get(SERVICE, space.namespace, name),
    ).toBeUndefined();
  });

  it('waits for a replication’s master and a cluster’s Ready state', async () => {
    const provider = testProvider(new RedisDriver(), space.clusters);
    const replication = provisionInput({
      namespace: space.namespace,
      offeringId: 'redis',
      providerOptions: { cluster: CLUSTER, mode: 'replication', size: 2 },
    });
    const sharded = provisionInput({
      namespace: space.namespace,
      offeringId: 'redis',
      providerOptions: { cluster: CLUSTER, mode: 'cluster' },
    });
    const [r, c] = await Promise.all([
      provider.provision(replication),
      provider.provision(sharded),
    ]);
    const [rReady, cReady] = await Promise.all([
      untilSettled(() =>
        provider.getStatus(instanceRef(replication, r.operation), 'provision'),
      ),
      untilSettled(() =>
        provider.getStatus(instanceRef(sharded, c.operation), 'provision'),
      ),
    ]);
    expect(rReady.phase).toBe('ready');
    expect(cReady.phase).toBe('ready');
    expect(cReady.seen.join('\n')).toMatch(
      /is (Initializing|Bootstrap)|0\/3 ready|Waiting/,
    );
    const [rr] = await space.objects.list(REDIS_REPLICATION, {
      namespace: space.namespace,
    });
    expect((rr.status as any).masterNode).toBe(`${rr.metadata.name}-0`);
    const bound = await untilSettled(() => provider.bind(bindingRef(sharded)));
    expect(bound.credentials).toMatchObject({
      host: expect.stringMatching(/-leader\./),
      cluster: 'true',
    });
    await deprovision(provider, replication);
    await deprovision(provider, sharded);
    expect(space.operator.errors).toEqual([]);
  });
});
