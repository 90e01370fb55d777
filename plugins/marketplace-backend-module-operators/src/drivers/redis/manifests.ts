import { passwordSecret } from '../../kube/secrets';
import { DesiredObject, ResourceType } from '../../kube/types';
import { RedisOptions } from './options';

const group = 'redis.redis.opstreelabs.in';
const versions = ['v1beta2'];

export const REDIS: ResourceType = {
  group,
  versions,
  plural: 'redis',
  kind: 'Redis',
};
export const REDIS_REPLICATION: ResourceType = {
  group,
  versions,
  plural: 'redisreplications',
  kind: 'RedisReplication',
};
export const REDIS_CLUSTER: ResourceType = {
  group,
  versions,
  plural: 'redisclusters',
  kind: 'RedisCluster',
};

export const REDIS_PORT = 6379;

/** The custom resource kind of a mode. */
export function redisType(options: RedisOptions): ResourceType {
  switch (options.mode) {
    case 'replication':
      return REDIS_REPLICATION;
    case 'cluster':
      return REDIS_CLUSTER;
    default:
      return REDIS;
  }
}

/** The Secret holding the instance's password (the operator generates none). */
export function authSecretName(name: string) {
  return `${name}-auth`;
}

/**
 * The Redis custom resource, then its password Secret (owned by it, so the
 * garbage collector takes it along if the provider never gets to).
 */
export function redisObjects(
  name: string,
  options: RedisOptions,
): DesiredObject[] {
  const type = redisType(options);
  const volume = {
    volumeClaimTemplate: {
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: `${options.storageGi}Gi` } },
      },
    },
  };
  return [
    {
      type,
      body: {
        metadata: { name },
        spec: {
          ...(options.mode !== 'standalone' && { clusterSize: options.size }),
          kubernetesConfig: {
            image: options.image,
            imagePullPolicy: 'IfNotPresent',
            redisSecret: { name: authSecretName(name), key: 'password' },
          },
          storage: volume,
        },
      },
    },
    passwordSecret(authSecretName(name), 'password', { type, name }),
  ];
}

/** The Service applications connect to, and the StatefulSets the operator runs. */
export function redisEndpoints(name: string, options: RedisOptions) {
  switch (options.mode) {
    case 'replication':
      return { service: `${name}-master`, statefulSets: [name] };
    case 'cluster':
      return {
        service: `${name}-leader`,
        statefulSets: [`${name}-leader`, `${name}-follower`],
      };
    default:
      return { service: name, statefulSets: [name] };
  }
}
