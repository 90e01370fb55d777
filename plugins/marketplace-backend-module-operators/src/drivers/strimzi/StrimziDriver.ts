import { JsonObject } from '@backstage/types';
import {
  ProviderError,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { LABELS, selector } from '../../kube/names';
import { secretValue } from '../../kube/secrets';
import { KubeObject, SECRET, SERVICE } from '../../kube/types';
import {
  BindingScope,
  InstanceScope,
  OperatorDriver,
} from '../../provider/OperatorDriver';
import { statusString } from '../../status/conditions';
import { combine, Readiness } from '../../status/readiness';
import {
  APP_LISTENER,
  KAFKA,
  KAFKA_NODE_POOL,
  KAFKA_TOPIC,
  KAFKA_USER,
  kafkaObjects,
  kafkaUserObject,
} from './manifests';
import {
  parseStrimziOptions,
  requestedTopics,
  StrimziOptions,
} from './options';
import {
  bootstrapServers,
  kafkaReadiness,
  strimziReadiness,
} from './readiness';

type Scope = InstanceScope<StrimziOptions>;

/**
 * Kafka through Strimzi: a `Kafka` in KRaft mode with one dual-role
 * `KafkaNodePool`, `KafkaTopic`s from the request's parameters, and one
 * SCRAM-SHA-512 `KafkaUser` per binding whose ACLs cover only the
 * instance's topics. Credentials come from the Secret the User Operator
 * writes next to the KafkaUser.
 *
 * @public
 */
export class StrimziDriver implements OperatorDriver<StrimziOptions> {
  readonly id = 'operator:strimzi';
  readonly namePrefix = 'kafka';

  parseOptions(raw: JsonObject) {
    return parseStrimziOptions(raw);
  }

  primaryType() {
    return KAFKA;
  }

  teardownOrder() {
    // Users and topics need their Kafka to be finalized by the entity operator.
    return [[KAFKA_USER], [KAFKA_TOPIC], [KAFKA_NODE_POOL, KAFKA]];
  }

  bindingTypes() {
    return [KAFKA_USER];
  }

  instanceObjects(scope: Scope, input: ProvisionInput) {
    return kafkaObjects(
      scope.name,
      scope.options,
      requestedTopics(input.parameters),
    );
  }

  async instanceReadiness(scope: Scope): Promise<Readiness> {
    const { objects, name } = scope;
    const [kafka, topics] = await Promise.all([
      objects.get<KubeObject>(await scope.ref(KAFKA, name)),
      this.topics(scope),
    ]);
    const kafkaState = kafkaReadiness(
      kafka,
      APP_LISTENER.name,
      `Kafka ${name}`,
    );
    if (kafkaState.state !== 'ready') return kafkaState;
    return combine(
      [
        kafkaState,
        ...topics.map(topic =>
          strimziReadiness(topic, `KafkaTopic ${topic.metadata.name}`),
        ),
      ],
      kafkaState.message,
    );
  }

  operatorObjects(scope: Scope) {
    return [
      { type: SERVICE, name: `${scope.name}-kafka-bootstrap` },
      { type: SERVICE, name: `${scope.name}-kafka-brokers` },
      { type: SECRET, name: `${scope.name}-cluster-ca-cert` },
    ];
  }

  async bindingObjects(scope: BindingScope<StrimziOptions>) {
    const topics = (await this.topics(scope)).map(topicName);
    return [kafkaUserObject(scope.name, scope.bindingName, topics)];
  }

  async bindingReadiness(scope: BindingScope<StrimziOptions>) {
    const user = await scope.objects.get<KubeObject>(
      await scope.ref(KAFKA_USER, scope.bindingName),
    );
    const state = strimziReadiness(user, `KafkaUser ${scope.bindingName}`);
    if (state.state !== 'ready') return state;
    // Read as the person: the team may read Secrets in its namespace.
    const secret = await scope.objects.get<KubeObject>(
      await scope.ref(SECRET, userSecretName(user, scope.bindingName)),
    );
    if (!secretValue(secret, 'password')) {
      return {
        state: 'pending' as const,
        message: `Waiting for the User Operator to write the password of ${scope.bindingName}`,
      };
    }
    return state;
  }

  bindingOperatorObjects(scope: BindingScope<StrimziOptions>) {
    return [{ type: SECRET, name: scope.bindingName }];
  }

  async credentials(scope: BindingScope<StrimziOptions>) {
    const { objects } = scope;
    const [kafka, user, topics] = await Promise.all([
      objects.get<KubeObject>(await scope.ref(KAFKA, scope.name)),
      objects.get<KubeObject>(await scope.ref(KAFKA_USER, scope.bindingName)),
      this.topics(scope),
    ]);
    const secret = await objects.get<KubeObject>(
      await scope.ref(SECRET, userSecretName(user, scope.bindingName)),
    );
    const servers = bootstrapServers(kafka, APP_LISTENER.name);
    const password = secretValue(secret, 'password');
    const username = statusString(user, 'username') ?? scope.bindingName;
    if (!servers || !password) {
      throw new ProviderError(
        `Credentials of KafkaUser ${scope.bindingName} are not available yet`,
        { retryable: true },
      );
    }
    const [host, port] = servers.split(',')[0].split(':');
    return {
      'bootstrap.servers': servers,
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        secretValue(secret, 'sasl.jaas.config') ??
        `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
      username,
      password,
      host,
      port: Number(port),
      topics: topics.map(topicName).join(','),
      // The user's ACLs allow consumer groups with this prefix only.
      'group.id': scope.bindingName,
    };
  }

  private async topics(scope: Scope) {
    return scope.objects.list<KubeObject>(await scope.kind(KAFKA_TOPIC), {
      namespace: scope.location.namespace,
      labelSelector: selector({ [LABELS.instance]: scope.instanceId }),
    });
  }
}

function topicName(topic: KubeObject): string {
  const spec = topic.spec as { topicName?: unknown } | undefined;
  return typeof spec?.topicName === 'string'
    ? spec.topicName
    : topic.metadata.name;
}

/**
 * The User Operator names the Secret after the user (optionally with a
 * configured prefix) and reports it in status. Anything else in status is
 * not believed: it could make the portal hand out another Secret.
 */
function userSecretName(user: KubeObject | undefined, expected: string) {
  const reported = statusString(user, 'secret');
  return reported?.endsWith(expected) ? reported : expected;
}
