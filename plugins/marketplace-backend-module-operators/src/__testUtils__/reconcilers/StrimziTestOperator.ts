import { KubernetesCluster } from '@paasport/kubernetes-node';
import { randomBytes } from 'node:crypto';
import {
  CLUSTER_LABEL,
  KAFKA,
  KAFKA_NODE_POOL,
  KAFKA_TOPIC,
  KAFKA_USER,
} from '../../drivers/strimzi/manifests';
import { ResourceType } from '../../kube/types';
import { isReady, TestOperator } from './TestOperator';

const SUPPORTED_VERSIONS = ['3.9.0', '4.0.0', '4.1.0'];
const TOPIC_FINALIZER = 'strimzi.io/topic-operator';

function now() {
  return new Date().toISOString();
}

/**
 * Stands in for Strimzi's Cluster, Topic and User Operators: validates the
 * Kafka version, needs node pools, reports `NotReady/Creating` then `Ready`
 * with listeners; creates the bootstrap Services and the CA Secret (owned by
 * the Kafka); keeps a finalizer on KafkaTopics that it can only remove
 * while the Kafka runs; writes each KafkaUser's SCRAM Secret (owned by the
 * KafkaUser, named after it).
 */
export class StrimziTestOperator extends TestOperator {
  constructor(cluster: KubernetesCluster, namespace: string) {
    super(cluster, namespace, [
      KAFKA,
      KAFKA_NODE_POOL,
      KAFKA_TOPIC,
      KAFKA_USER,
    ]);
  }

  protected async reconcile(type: ResourceType, name: string) {
    if (type === KAFKA) await this.kafka(name);
    else if (type === KAFKA_NODE_POOL) await this.pool(name);
    else if (type === KAFKA_TOPIC) await this.topic(name);
    else await this.user(name);
  }

  private async notReady(
    name: string,
    generation: number | undefined,
    reason: string,
    message: string,
  ) {
    await this.patchStatus(KAFKA, name, {
      observedGeneration: generation,
      conditions: [
        {
          type: 'NotReady',
          status: 'True',
          reason,
          message,
          lastTransitionTime: now(),
        },
      ],
    });
  }

  private async kafka(name: string) {
    const kafka = await this.get(KAFKA, name);
    if (!kafka || kafka.metadata.deletionTimestamp) return;
    const generation = kafka.metadata.generation;
    const spec = kafka.spec as {
      kafka: {
        version?: string;
        listeners: Array<{ name: string; port: number }>;
      };
    };
    const version = spec.kafka.version;
    if (version && !SUPPORTED_VERSIONS.includes(version)) {
      await this.notReady(
        name,
        generation,
        'UnsupportedKafkaVersionException',
        `Unsupported Kafka.spec.kafka.version: ${version}. Supported versions are: [${SUPPORTED_VERSIONS.join(
          ', ',
        )}]`,
      );
      return;
    }
    const pools = await this.list(KAFKA_NODE_POOL, `${CLUSTER_LABEL}=${name}`);
    if (pools.length === 0) {
      await this.notReady(
        name,
        generation,
        'InvalidResourceException',
        `KafkaNodePools are enabled, but no KafkaNodePools found for Kafka cluster ${name}`,
      );
      return;
    }
    if (
      isReady(kafka) &&
      (kafka.status as { observedGeneration?: number }).observedGeneration ===
        generation
    ) {
      return;
    }
    const creating = (
      kafka.status as { conditions?: Array<{ reason?: string }> } | undefined
    )?.conditions?.some(c => c.reason === 'Creating');
    if (!creating) {
      await this.notReady(
        name,
        generation,
        'Creating',
        'Kafka cluster is being deployed',
      );
      this.requeue(KAFKA, name, 400);
      return;
    }
    const selector = { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka' };
    const ports = spec.kafka.listeners.map(l => l.port);
    await this.ensure(
      'Service',
      this.service(`${name}-kafka-bootstrap`, kafka, ports[0], selector),
    );
    await this.ensure(
      'Service',
      this.service(`${name}-kafka-brokers`, kafka, ports[0], selector, true),
    );
    await this.ensure('Secret', {
      metadata: {
        name: `${name}-cluster-ca-cert`,
        ownerReferences: [this.ownerReference(kafka)],
      },
      stringData: {
        'ca.crt':
          '-----BEGIN CERTIFICATE-----\n(test)\n-----END CERTIFICATE-----\n',
      },
    });
    const host = `${name}-kafka-bootstrap.${this.namespace}.svc`;
    await this.patchStatus(KAFKA, name, {
      observedGeneration: generation,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: now() },
      ],
      listeners: spec.kafka.listeners.map(l => ({
        name: l.name,
        bootstrapServers: `${host}:${l.port}`,
        addresses: [{ host, port: l.port }],
      })),
      clusterId: kafka.metadata.uid!.replace(/-/g, '').slice(0, 22),
      kafkaVersion:
        version ?? SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1],
      kafkaMetadataState: 'KRaft',
      kafkaNodePools: pools.map(p => ({ name: p.metadata.name })),
      operatorLastSuccessfulVersion: '0.49.0',
    });
  }

  private async pool(name: string) {
    const pool = await this.get(KAFKA_NODE_POOL, name);
    if (!pool || pool.metadata.deletionTimestamp) return;
    const spec = pool.spec as { replicas: number; roles: string[] };
    const cluster = pool.metadata.labels?.[CLUSTER_LABEL] ?? '';
    await this.patchStatus(KAFKA_NODE_POOL, name, {
      observedGeneration: pool.metadata.generation,
      nodeIds: Array.from({ length: spec.replicas }, (_, i) => i),
      replicas: spec.replicas,
      roles: spec.roles,
      labelSelector: `strimzi.io/cluster=${cluster},strimzi.io/pool-name=${name}`,
    });
    // The Kafka may be waiting for its pools.
    this.enqueue(KAFKA, cluster);
  }

  private async topic(name: string) {
    const topic = await this.get(KAFKA_TOPIC, name);
    if (!topic) return;
    const kafka = await this.get(
      KAFKA,
      topic.metadata.labels?.[CLUSTER_LABEL] ?? '',
    );
    if (topic.metadata.deletionTimestamp) {
      // The topic can only be deleted in a running Kafka; otherwise the
      // finalizer stays, as with the real Topic Operator.
      if (isReady(kafka))
        await this.removeFinalizer(KAFKA_TOPIC, topic, TOPIC_FINALIZER);
      else this.requeue(KAFKA_TOPIC, name, 500);
      return;
    }
    if (!isReady(kafka)) {
      this.requeue(KAFKA_TOPIC, name, 300);
      return;
    }
    await this.ensureFinalizer(KAFKA_TOPIC, topic, TOPIC_FINALIZER);
    const spec = topic.spec as { topicName?: string };
    await this.patchStatus(KAFKA_TOPIC, name, {
      observedGeneration: topic.metadata.generation,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: now() },
      ],
      topicName: spec.topicName ?? name,
      topicId: randomBytes(16).toString('base64url').slice(0, 22),
    });
  }

  private async user(name: string) {
    const user = await this.get(KAFKA_USER, name);
    // No finalizer: deleting the KafkaUser removes its SCRAM credentials, and
    // the garbage collector removes the Secret it owns.
    if (!user || user.metadata.deletionTimestamp) return;
    const cluster = user.metadata.labels?.[CLUSTER_LABEL] ?? '';
    if (!isReady(await this.get(KAFKA, cluster))) {
      this.requeue(KAFKA_USER, name, 300);
      return;
    }
    const password = randomBytes(9).toString('base64url');
    await this.ensure('Secret', {
      metadata: {
        name,
        labels: { 'strimzi.io/kind': 'KafkaUser', [CLUSTER_LABEL]: cluster },
        ownerReferences: [this.ownerReference(user)],
      },
      stringData: {
        password,
        'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${name}" password="${password}";`,
      },
    });
    await this.patchStatus(KAFKA_USER, name, {
      observedGeneration: user.metadata.generation,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: now() },
      ],
      username: name,
      secret: name,
    });
  }
}
