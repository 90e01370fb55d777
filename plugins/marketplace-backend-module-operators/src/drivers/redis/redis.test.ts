import { KubeObject } from '../../kube/types';
import {
  redisEndpoints,
  redisObjects,
  REDIS,
  REDIS_CLUSTER,
} from './manifests';
import { parseRedisOptions } from './options';
import {
  redisClusterReadiness,
  replicationReadiness,
  statefulSetReadiness,
  stuckPod,
} from './readiness';

const object = (
  status: unknown,
  generation = 1,
  name = 'redis-1',
): KubeObject => ({
  metadata: { name, generation },
  status,
});

describe('Redis options', () => {
  it('defaults to standalone, and to three servers otherwise', () => {
    expect(parseRedisOptions({})).toMatchObject({
      mode: 'standalone',
      size: 1,
    });
    expect(parseRedisOptions({ mode: 'replication' })).toMatchObject({
      size: 3,
    });
  });

  it.each([
    [{ mode: 'cluster', size: 2 }, /at least 3/],
    [{ mode: 'standalone', size: 2 }, /exactly one/],
    [{ mode: 'sentinel' }, /mode/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseRedisOptions(raw as any)).toThrow(message);
  });
});

describe('Redis manifests', () => {
  it('hands the operator the password Secret it creates, owned by the resource', () => {
    const [redis, secret] = redisObjects('redis-1', parseRedisOptions({}));
    expect(redis.type).toBe(REDIS);
    expect((redis.body.spec as any).kubernetesConfig.redisSecret).toEqual({
      name: 'redis-1-auth',
      key: 'password',
    });
    expect(secret.owner).toEqual({ type: REDIS, name: 'redis-1' });
    expect((secret.body.stringData as any).password).toHaveLength(32);
  });

  it('connects to the leaders of a cluster and the master of a replication', () => {
    expect(redisEndpoints('r', parseRedisOptions({ mode: 'cluster' }))).toEqual(
      {
        service: 'r-leader',
        statefulSets: ['r-leader', 'r-follower'],
      },
    );
    expect(
      redisEndpoints('r', parseRedisOptions({ mode: 'replication' })).service,
    ).toBe('r-master');
    expect(
      redisObjects('r', parseRedisOptions({ mode: 'cluster' }))[0].type,
    ).toBe(REDIS_CLUSTER);
  });
});

describe('Redis readiness', () => {
  it('reads standalone readiness from the StatefulSet for the current spec', () => {
    expect(
      statefulSetReadiness(
        object({ observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1 }),
        1,
        'StatefulSet redis-1',
      ),
    ).toEqual({ state: 'ready', message: 'StatefulSet redis-1: 1/1 ready' });
    expect(
      statefulSetReadiness(
        object({ observedGeneration: 1, replicas: 1 }),
        1,
        'StatefulSet redis-1',
      ),
    ).toEqual({ state: 'pending', message: 'StatefulSet redis-1: 0/1 ready' });
    expect(
      statefulSetReadiness(
        object(
          { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1 },
          2,
        ),
        1,
        'x',
      ).state,
    ).toBe('pending');
    expect(statefulSetReadiness(undefined, 1, 'StatefulSet redis-1')).toEqual({
      state: 'pending',
      message: 'Waiting for the operator to create StatefulSet redis-1',
    });
  });

  it('fails on pods that cannot start, with the kubelet’s message', () => {
    expect(
      stuckPod([
        object(
          { containerStatuses: [{ state: { running: {} } }] },
          1,
          'redis-1-0',
        ),
        object(
          {
            containerStatuses: [
              {
                state: {
                  waiting: {
                    reason: 'ImagePullBackOff',
                    message: 'Back-off pulling image "nope"',
                  },
                },
              },
            ],
          },
          1,
          'redis-1-1',
        ),
      ]),
    ).toEqual({
      state: 'failed',
      message: 'Pod redis-1-1: ImagePullBackOff: Back-off pulling image "nope"',
    });
    expect(
      stuckPod([object({ containerStatuses: 'x' }), object(undefined)]),
    ).toBeUndefined();
    expect(
      stuckPod([
        object({
          containerStatuses: [
            { state: { waiting: { reason: 'ContainerCreating' } } },
          ],
        }),
      ]),
    ).toBeUndefined();
  });

  it('needs a master for a replication', () => {
    expect(
      replicationReadiness(object({ masterNode: 'redis-1-0' }), 'R').state,
    ).toBe('ready');
    expect(replicationReadiness(object({}), 'R').state).toBe('pending');
    expect(replicationReadiness(object({ masterNode: 7 }), 'R')).toEqual({
      state: 'pending',
      message: 'R reports an unreadable status.masterNode',
    });
  });

  it('follows RedisCluster’s state, failing with its reason', () => {
    expect(
      redisClusterReadiness(
        object({ state: 'Bootstrap', reason: 'bootstrapping' }),
        3,
        'C',
      ),
    ).toEqual({
      state: 'pending',
      message: 'C is Bootstrap: bootstrapping',
    });
    expect(
      redisClusterReadiness(
        object({ state: 'Failed', reason: 'Cluster slots not covered' }),
        3,
        'C',
      ),
    ).toEqual({
      state: 'failed',
      message: 'C failed: Cluster slots not covered',
    });
    expect(
      redisClusterReadiness(
        object({ state: 'Ready', readyLeaderReplicas: 2 }),
        3,
        'C',
      ).state,
    ).toBe('pending');
    expect(
      redisClusterReadiness(
        object({ state: 'Ready', readyLeaderReplicas: 3 }),
        3,
        'C',
      ).state,
    ).toBe('ready');
    expect(redisClusterReadiness(object({ state: ['Ready'] }), 3, 'C')).toEqual(
      {
        state: 'pending',
        message: 'C has an unreadable status.state',
      },
    );
  });
});
