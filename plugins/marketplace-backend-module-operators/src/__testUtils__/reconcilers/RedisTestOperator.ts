import { KubernetesCluster } from '@paasport/kubernetes-node';
import {
  REDIS,
  REDIS_CLUSTER,
  REDIS_PORT,
  REDIS_REPLICATION,
} from '../../drivers/redis/manifests';
import { KubeObject, ResourceType } from '../../kube/types';
import { TestOperator } from './TestOperator';

interface RedisSpec {
  clusterSize?: number;
  kubernetesConfig: {
    image: string;
    redisSecret?: { name: string; key: string };
  };
}

/**
 * Stands in for the OT-Container-Kit redis-operator: it waits for the
 * password Secret named in `redisSecret`, creates the StatefulSets and
 * Services (owned by the resource) under the operator's names, writes no
 * status for standalone Redis, `masterNode` for a replication, and
 * Initializing → Bootstrap → Ready for a cluster.
 */
export class RedisTestOperator extends TestOperator {
  constructor(cluster: KubernetesCluster, namespace: string) {
    super(cluster, namespace, [REDIS, REDIS_REPLICATION, REDIS_CLUSTER]);
  }

  protected async reconcile(type: ResourceType, name: string) {
    const object = await this.get(type, name);
    if (!object || object.metadata.deletionTimestamp) return;
    const spec = object.spec as RedisSpec;
    const secret = spec.kubernetesConfig.redisSecret;
    if (secret && !(await this.secretExists(secret.name))) {
      // The operator logs the missing Secret and tries again.
      this.requeue(type, name, 300);
      return;
    }
    if (type === REDIS) await this.standalone(object, spec);
    else if (type === REDIS_REPLICATION) await this.replication(object, spec);
    else await this.redisCluster(object, spec);
  }

  private async workload(
    owner: KubeObject,
    name: string,
    setup: string,
    role: string,
    replicas: number,
    image: string,
  ) {
    const labels = { app: name, redis_setup_type: setup, role };
    await this.ensure(
      'StatefulSet',
      this.statefulSet(name, owner, replicas, labels, image),
    );
    await this.ensure('Service', this.service(name, owner, REDIS_PORT, labels));
    await this.ensure(
      'Service',
      this.service(`${name}-headless`, owner, REDIS_PORT, labels, true),
    );
    const sts = await this.readStatefulSet(name);
    return (sts?.status?.readyReplicas ?? 0) >= replicas;
  }

  private async standalone(redis: KubeObject, spec: RedisSpec) {
    const name = redis.metadata.name;
    await this.workload(
      redis,
      name,
      'standalone',
      'standalone',
      1,
      spec.kubernetesConfig.image,
    );
    await this.ensure(
      'Service',
      this.service(`${name}-additional`, redis, REDIS_PORT, { app: name }),
    );
  }

  private async replication(replication: KubeObject, spec: RedisSpec) {
    const name = replication.metadata.name;
    const size = spec.clusterSize ?? 3;
    const ready = await this.workload(
      replication,
      name,
      'replication',
      'replication',
      size,
      spec.kubernetesConfig.image,
    );
    await this.ensure(
      'Service',
      this.service(`${name}-master`, replication, REDIS_PORT, { app: name }),
    );
    await this.ensure(
      'Service',
      this.service(`${name}-replica`, replication, REDIS_PORT, { app: name }),
    );
    if (!ready) {
      this.requeue(REDIS_REPLICATION, name, 500);
      return;
    }
    if (
      !(replication.status as { masterNode?: string } | undefined)?.masterNode
    ) {
      await this.patchStatus(REDIS_REPLICATION, name, {
        masterNode: `${name}-0`,
      });
    }
  }

  private async redisCluster(cluster: KubeObject, spec: RedisSpec) {
    const name = cluster.metadata.name;
    const size = spec.clusterSize ?? 3;
    const state = (cluster.status as { state?: string } | undefined)?.state;
    if (!state) {
      await this.patchStatus(REDIS_CLUSTER, name, {
        state: 'Initializing',
        reason: 'RedisCluster is initializing',
      });
    }
    const image = spec.kubernetesConfig.image;
    const leaders = await this.workload(
      cluster,
      `${name}-leader`,
      'cluster',
      'leader',
      size,
      image,
    );
    const followers = await this.workload(
      cluster,
      `${name}-follower`,
      'cluster',
      'follower',
      size,
      image,
    );
    if (!leaders || !followers) {
      this.requeue(REDIS_CLUSTER, name, 500);
      return;
    }
    if (state !== 'Bootstrap' && state !== 'Ready') {
      await this.patchStatus(REDIS_CLUSTER, name, {
        state: 'Bootstrap',
        reason: 'RedisCluster is bootstrapping',
      });
      this.requeue(REDIS_CLUSTER, name, 300);
      return;
    }
    if (state === 'Bootstrap') {
      await this.patchStatus(REDIS_CLUSTER, name, {
        state: 'Ready',
        reason: 'RedisCluster is ready',
        readyLeaderReplicas: size,
        readyFollowerReplicas: size,
      });
    }
  }
}
