import { ProviderError } from '@paasport/plugin-marketplace-node';
import {
  KAFKA,
  KAFKA_NODE_POOL,
  KAFKA_TOPIC,
  kafkaObjects,
  kafkaUserObject,
  topicObjectName,
} from './manifests';
import { parseStrimziOptions, requestedTopics } from './options';

describe('Strimzi options and parameters', () => {
  it('defaults to three brokers of 20 GiB', () => {
    expect(parseStrimziOptions({})).toEqual({ replicas: 3, storageGi: 20 });
  });

  it('rejects invalid options with the field named, as a non-retryable error', () => {
    const error = (() => {
      try {
        parseStrimziOptions({ replicas: 0, version: 'latest' });
      } catch (e) {
        return e as ProviderError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ProviderError);
    expect(error!.retryable).toBe(false);
    expect(error!.message).toMatch(/replicas/);
    expect(error!.message).toMatch(/version/);
  });

  it('creates one default topic when none is named', () => {
    expect(requestedTopics({ partitions: 4 })).toEqual([
      { name: 'events', partitions: 4, retentionHours: 168 },
    ]);
  });

  it('takes per-topic settings over the defaults', () => {
    expect(
      requestedTopics({
        retentionHours: 24,
        topics: [
          { name: 'a' },
          { name: 'b.v1', partitions: 9, retentionHours: 1 },
        ],
      }),
    ).toEqual([
      { name: 'a', partitions: 3, retentionHours: 24 },
      { name: 'b.v1', partitions: 9, retentionHours: 1 },
    ]);
  });

  it.each([
    [{ topics: [{ name: '__consumer_offsets' }] }, /reserved/],
    [{ topics: [{ name: 'has space' }] }, /topics\.0\.name/],
    [{ topics: [{ name: 'a' }, { name: 'a' }] }, /'a' is requested twice/],
    [{ partitions: 0 }, /partitions/],
  ])('rejects %j', (parameters, message) => {
    expect(() => requestedTopics(parameters as any)).toThrow(message);
  });
});

describe('Strimzi manifests', () => {
  const options = parseStrimziOptions({ replicas: 1, storageGi: 5 });
  const objects = kafkaObjects('kafka-abc', options, [
    { name: 'orders', partitions: 3, retentionHours: 2 },
    { name: 'Orders.V2', partitions: 1, retentionHours: 1 },
  ]);

  it('creates the node pool before the Kafka, then the topics', () => {
    expect(objects.map(o => o.type)).toEqual([
      KAFKA_NODE_POOL,
      KAFKA,
      KAFKA_TOPIC,
      KAFKA_TOPIC,
    ]);
  });

  it('ties pools and topics to the Kafka and deletes volumes with it', () => {
    const pool = objects[0].body;
    expect(pool.metadata.labels).toEqual({ 'strimzi.io/cluster': 'kafka-abc' });
    expect(pool.spec).toMatchObject({
      replicas: 1,
      roles: ['controller', 'broker'],
      storage: { size: '5Gi', deleteClaim: true },
    });
  });

  it('sizes replication for the number of brokers and enforces ACLs', () => {
    const kafka = objects[1].body.spec as any;
    expect(kafka.kafka.authorization).toEqual({ type: 'simple' });
    expect(kafka.kafka.listeners).toEqual([
      {
        name: 'app',
        port: 9092,
        type: 'internal',
        tls: false,
        authentication: { type: 'scram-sha-512' },
      },
    ]);
    expect(kafka.kafka.config['min.insync.replicas']).toBe(1);
    expect(objects[2].body.spec as any).toEqual({
      topicName: 'orders',
      partitions: 3,
      replicas: 1,
      config: { 'retention.ms': 7_200_000 },
    });
  });

  it('names topic objects readably when the topic name allows, else stably', () => {
    expect(topicObjectName('kafka-abc', 'orders')).toBe('kafka-abc-orders');
    const odd = topicObjectName('kafka-abc', 'Orders.V2');
    expect(odd).toMatch(/^kafka-abc-t-[0-9a-f]{12}$/);
    expect(topicObjectName('kafka-abc', 'Orders.V2')).toBe(odd);
    expect(topicObjectName('kafka-abc', 'Orders.V3')).not.toBe(odd);
  });

  it('gives a binding access to the instance’s topics and its own group prefix only', () => {
    const user = kafkaUserObject('kafka-abc', 'kafka-abc-1234', [
      'orders',
    ]).body;
    expect(user.metadata.labels).toEqual({ 'strimzi.io/cluster': 'kafka-abc' });
    expect((user.spec as any).authorization.acls).toEqual([
      {
        type: 'allow',
        resource: { type: 'topic', name: 'orders', patternType: 'literal' },
        operations: ['Read', 'Write', 'Describe', 'DescribeConfigs'],
      },
      {
        type: 'allow',
        resource: {
          type: 'group',
          name: 'kafka-abc-1234',
          patternType: 'prefix',
        },
        operations: ['Read', 'Describe'],
      },
    ]);
  });
});
