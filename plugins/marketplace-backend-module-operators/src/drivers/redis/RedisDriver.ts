import { JsonObject } from '@backstage/types';
import { ProviderError } from '@paasport/plugin-marketplace-node';
import { selector } from '../../kube/names';
import { secretValue } from '../../kube/secrets';
import {
  KubeObject,
  POD,
  SECRET,
  SERVICE,
  STATEFUL_SET,
} from '../../kube/types';
import {
  BindingScope,
  InstanceScope,
  OperatorDriver,
} from '../../provider/OperatorDriver';
import { combine, pending, ready, Readiness } from '../../status/readiness';
import {
  authSecretName,
  redisEndpoints,
  redisObjects,
  redisType,
  REDIS_PORT,
} from './manifests';
import { parseRedisOptions, RedisOptions } from './options';
import {
  redisClusterReadiness,
  replicationReadiness,
  statefulSetReadiness,
  stuckPod,
} from './readiness';

type Scope = InstanceScope<RedisOptions>;

/**
 * Redis through the OT-Container-Kit operator
 * (`redis.redis.opstreelabs.in/v1beta2`): `Redis`, `RedisReplication` or
 * `RedisCluster` by plan, with a password Secret the provider creates and
 * hands to the operator through `kubernetesConfig.redisSecret`.
 *
 * @remarks
 * Bindings share the instance's password: the operator has a single
 * password per instance and reads its ACL file only at start, so a user per
 * binding would restart Redis on every bind. The instance itself belongs to
 * one application; per-binding ACL users are what the shared broker offers.
 * Standalone Redis has no status, so readiness comes from the StatefulSet
 * the operator creates (and its pods, for failures).
 *
 * @public
 */
export class RedisDriver implements OperatorDriver<RedisOptions> {
  readonly id = 'operator:opstree-redis';
  readonly namePrefix = 'redis';

  parseOptions(raw: JsonObject) {
    return parseRedisOptions(raw);
  }

  primaryType(options: RedisOptions) {
    return redisType(options);
  }

  teardownOrder(options: RedisOptions) {
    return [[redisType(options)], [SECRET]];
  }

  bindingTypes() {
    return [];
  }

  instanceObjects(scope: Scope) {
    return redisObjects(scope.name, scope.options);
  }

  async instanceReadiness(scope: Scope): Promise<Readiness> {
    const { objects, name, options } = scope;
    const endpoints = redisEndpoints(name, options);
    const [resource, ...statefulSets] = await Promise.all([
      objects.get<KubeObject>(await scope.ref(redisType(options), name)),
      ...endpoints.statefulSets.map(async sts =>
        objects.get<KubeObject>(await scope.ref(STATEFUL_SET, sts)),
      ),
    ]);
    const parts: Readiness[] = [];
    if (options.mode === 'cluster') {
      const own = redisClusterReadiness(
        resource,
        options.size,
        `RedisCluster ${name}`,
      );
      if (own.state === 'failed') return own;
      parts.push(own);
    }
    const stuck = stuckPod(await this.pods(scope, statefulSets));
    if (stuck) return stuck;
    statefulSets.forEach((sts, i) =>
      parts.push(
        statefulSetReadiness(
          sts,
          options.size,
          `StatefulSet ${endpoints.statefulSets[i]}`,
        ),
      ),
    );
    if (options.mode === 'replication') {
      parts.push(replicationReadiness(resource, `RedisReplication ${name}`));
    }
    return combine(
      parts,
      `Redis ${name} is ready at ${this.host(scope)}:${REDIS_PORT}`,
    );
  }

  operatorObjects(scope: Scope) {
    const { service, statefulSets } = redisEndpoints(scope.name, scope.options);
    return [
      { type: SERVICE, name: service },
      ...statefulSets.map(name => ({ type: STATEFUL_SET, name })),
    ];
  }

  bindingObjects() {
    return [];
  }

  async bindingReadiness(scope: BindingScope<RedisOptions>) {
    return (await this.password(scope))
      ? ready(`Bound to Redis ${scope.name}`)
      : pending(`Waiting for Secret ${authSecretName(scope.name)}`);
  }

  bindingOperatorObjects() {
    return [];
  }

  async credentials(scope: BindingScope<RedisOptions>) {
    const password = await this.password(scope);
    if (!password) {
      throw new ProviderError(
        `Secret ${authSecretName(scope.name)} has no password`,
        { retryable: false },
      );
    }
    const host = this.host(scope);
    return {
      host,
      port: REDIS_PORT,
      username: 'default',
      password,
      uri: `redis://default:${encodeURIComponent(
        password,
      )}@${host}:${REDIS_PORT}`,
      ...(scope.options.mode === 'cluster' && { cluster: 'true' }),
    };
  }

  /** The instance's password, which every binding shares. */
  private async password(scope: Scope) {
    // Read as the person: the team may read Secrets in its namespace.
    const secret = await scope.objects.get<KubeObject>(
      await scope.ref(SECRET, authSecretName(scope.name)),
    );
    return secretValue(secret, 'password');
  }

  private host(scope: Scope) {
    const { service } = redisEndpoints(scope.name, scope.options);
    return `${service}.${scope.location.namespace}.svc.cluster.local`;
  }

  /** Pods of the StatefulSets, by their own selectors. */
  private async pods(
    scope: Scope,
    statefulSets: Array<KubeObject | undefined>,
  ) {
    const pod = await scope.kind(POD);
    const lists = await Promise.all(
      statefulSets.map(sts => {
        const labels = (
          sts?.spec as { selector?: { matchLabels?: Record<string, string> } }
        )?.selector?.matchLabels;
        return labels && Object.keys(labels).length > 0
          ? scope.objects.list<KubeObject>(pod, {
              namespace: scope.location.namespace,
              labelSelector: selector(labels),
            })
          : Promise.resolve([]);
      }),
    );
    return lists.flat();
  }
}
