import { shortHash } from '../../kube/names';
import { DesiredObject, ResourceType } from '../../kube/types';
import { StrimziOptions, TopicRequest } from './options';

const group = 'kafka.strimzi.io';
// Strimzi 0.49+ serves v1; older operators only v1beta2. Same fields for ours.
const versions = ['v1', 'v1beta2'];

export const KAFKA: ResourceType = {
  group,
  versions,
  plural: 'kafkas',
  kind: 'Kafka',
};
export const KAFKA_NODE_POOL: ResourceType = {
  group,
  versions,
  plural: 'kafkanodepools',
  kind: 'KafkaNodePool',
};
export const KAFKA_TOPIC: ResourceType = {
  group,
  versions,
  plural: 'kafkatopics',
  kind: 'KafkaTopic',
};
export const KAFKA_USER: ResourceType = {
  group,
  versions,
  plural: 'kafkausers',
  kind: 'KafkaUser',
};

/** Label that ties node pools, topics and users to their Kafka. */
export const CLUSTER_LABEL = 'strimzi.io/cluster';

/**
 * The one listener applications use: in-cluster, SCRAM-SHA-512, so that
 * every binding has a user of its own whose ACLs the broker enforces.
 */
export const APP_LISTENER = { name: 'app', port: 9092 };

/** Name of a topic's KafkaTopic object: readable when the topic name allows it. */
export function topicObjectName(kafka: string, topic: string): string {
  const readable = `${kafka}-${topic}`;
  return /^[a-z0-9-]+$/.test(topic) && readable.length <= 63
    ? readable
    : `${kafka}-t-${shortHash(topic, 12)}`;
}

/**
 * The node pool, the Kafka and its topics, in creation order. The pool goes
 * first: a Kafka without pools is an error for Strimzi
 * (`InvalidResourceException`), which would be read as a failed instance.
 */
export function kafkaObjects(
  name: string,
  options: StrimziOptions,
  topics: TopicRequest[],
): DesiredObject[] {
  const rf = Math.min(3, options.replicas);
  const minIsr = rf >= 3 ? 2 : 1;
  const storage = {
    type: 'persistent-claim',
    size: `${options.storageGi}Gi`,
    // Deprovisioning must not leave volumes (and their cost) behind.
    deleteClaim: true,
  };
  const cluster = { [CLUSTER_LABEL]: name };
  return [
    {
      type: KAFKA_NODE_POOL,
      body: {
        metadata: { name: `${name}-nodes`, labels: cluster },
        spec: {
          replicas: options.replicas,
          roles: ['controller', 'broker'],
          storage,
        },
      },
    },
    {
      type: KAFKA,
      body: {
        metadata: {
          name,
          // v1beta2 operators need both to run KRaft with node pools; v1 ignores them.
          annotations: {
            'strimzi.io/node-pools': 'enabled',
            'strimzi.io/kraft': 'enabled',
          },
        },
        spec: {
          kafka: {
            ...(options.version && { version: options.version }),
            listeners: [
              {
                ...APP_LISTENER,
                type: 'internal',
                tls: false,
                authentication: { type: 'scram-sha-512' },
              },
            ],
            authorization: { type: 'simple' },
            config: {
              'auto.create.topics.enable': false,
              'default.replication.factor': rf,
              'min.insync.replicas': minIsr,
              'offsets.topic.replication.factor': rf,
              'transaction.state.log.replication.factor': rf,
              'transaction.state.log.min.isr': minIsr,
            },
          },
          entityOperator: { topicOperator: {}, userOperator: {} },
        },
      },
    },
    ...topics.map(topic => ({
      type: KAFKA_TOPIC,
      body: {
        metadata: { name: topicObjectName(name, topic.name), labels: cluster },
        spec: {
          topicName: topic.name,
          partitions: topic.partitions,
          replicas: rf,
          config: { 'retention.ms': topic.retentionHours * 3_600_000 },
        },
      },
    })),
  ];
}

/**
 * A binding's KafkaUser: SCRAM credentials and ACLs limited to the
 * instance's topics and to consumer groups prefixed with the user's name.
 */
export function kafkaUserObject(
  kafka: string,
  user: string,
  topics: string[],
): DesiredObject {
  return {
    type: KAFKA_USER,
    body: {
      metadata: { name: user, labels: { [CLUSTER_LABEL]: kafka } },
      spec: {
        authentication: { type: 'scram-sha-512' },
        authorization: {
          type: 'simple',
          acls: [
            ...topics.map(topic => ({
              type: 'allow',
              resource: { type: 'topic', name: topic, patternType: 'literal' },
              operations: ['Read', 'Write', 'Describe', 'DescribeConfigs'],
            })),
            {
              type: 'allow',
              resource: { type: 'group', name: user, patternType: 'prefix' },
              operations: ['Read', 'Describe'],
            },
          ],
        },
      },
    },
  };
}
