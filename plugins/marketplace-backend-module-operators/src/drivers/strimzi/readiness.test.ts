import { KubeObject } from '../../kube/types';
import {
  bootstrapServers,
  kafkaReadiness,
  strimziReadiness,
} from './readiness';

const kafka = (status: unknown, generation = 1): KubeObject => ({
  metadata: { name: 'kafka-1', generation },
  status,
});
const listeners = [
  { name: 'app', bootstrapServers: 'kafka-1-kafka-bootstrap.ns.svc:9092' },
];

describe('strimziReadiness', () => {
  it('is ready on Ready=True for the current generation', () => {
    expect(
      strimziReadiness(
        kafka({
          observedGeneration: 1,
          conditions: [{ type: 'Ready', status: 'True' }],
        }),
        'Kafka kafka-1',
      ),
    ).toEqual({ state: 'ready', message: 'Kafka kafka-1 is ready' });
  });

  it('does not trust a Ready condition about an older generation', () => {
    expect(
      strimziReadiness(
        kafka(
          {
            observedGeneration: 1,
            conditions: [{ type: 'Ready', status: 'True' }],
          },
          2,
        ),
        'Kafka kafka-1',
      ),
    ).toEqual({
      state: 'pending',
      message:
        'Waiting for Strimzi to reconcile Kafka kafka-1 (generation 2, observed 1)',
    });
  });

  it('waits while the operator has said nothing', () => {
    expect(strimziReadiness(kafka(undefined), 'Kafka kafka-1').state).toBe(
      'pending',
    );
    expect(strimziReadiness(undefined, 'Kafka kafka-1')).toEqual({
      state: 'pending',
      message: 'Kafka kafka-1 does not exist yet',
    });
  });

  it('fails with the operator’s words for resources it will never accept', () => {
    expect(
      strimziReadiness(
        kafka({
          observedGeneration: 1,
          conditions: [
            {
              type: 'NotReady',
              status: 'True',
              reason: 'InvalidResourceException',
              message: 'Spec contains invalid listener',
            },
          ],
        }),
        'Kafka kafka-1',
      ),
    ).toEqual({
      state: 'failed',
      message:
        'Kafka kafka-1: InvalidResourceException: Spec contains invalid listener',
    });
    expect(
      strimziReadiness(
        kafka({
          observedGeneration: 1,
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'UnsupportedKafkaVersionException',
            },
          ],
        }),
        'KafkaUser u',
      ).state,
    ).toBe('failed');
  });

  it('keeps waiting on errors that heal, saying which', () => {
    expect(
      strimziReadiness(
        kafka({
          observedGeneration: 1,
          conditions: [
            {
              type: 'NotReady',
              status: 'True',
              reason: 'TimeoutException',
              message: 'Exceeded timeout',
            },
          ],
        }),
        'Kafka kafka-1',
      ),
    ).toEqual({
      state: 'pending',
      message: 'Kafka kafka-1: TimeoutException: Exceeded timeout',
    });
  });

  it('reads an unreadable status as pending, naming the problem', () => {
    expect(
      strimziReadiness(
        kafka({ observedGeneration: 1, conditions: 'Ready' }),
        'Kafka kafka-1',
      ),
    ).toEqual({
      state: 'pending',
      message:
        'Kafka kafka-1 has an unreadable status (status.conditions is not a list)',
    });
  });
});

describe('kafkaReadiness', () => {
  const ok = {
    observedGeneration: 1,
    conditions: [{ type: 'Ready', status: 'True' }],
  };

  it('is ready with a bootstrap address for the listener', () => {
    expect(
      kafkaReadiness(kafka({ ...ok, listeners }), 'app', 'Kafka kafka-1'),
    ).toEqual({
      state: 'ready',
      message: 'Kafka kafka-1 is ready at kafka-1-kafka-bootstrap.ns.svc:9092',
    });
  });

  it.each([
    ['no listeners', undefined],
    ['listeners that are not a list', 'kafka:9092'],
    ['another listener only', [{ name: 'tls', bootstrapServers: 'k:9093' }]],
    ['an address without a port', [{ name: 'app', bootstrapServers: 'kafka' }]],
    ['a numeric address', [{ name: 'app', bootstrapServers: 9092 }]],
  ])('fails a Ready Kafka with %s', (_, value) => {
    expect(
      kafkaReadiness(
        kafka({ ...ok, listeners: value }),
        'app',
        'Kafka kafka-1',
      ),
    ).toEqual({
      state: 'failed',
      message:
        "Kafka kafka-1 reports Ready but no bootstrap address for listener 'app' in status.listeners",
    });
  });

  it('accepts the `type` key of old v1beta2 operators', () => {
    expect(
      bootstrapServers(
        kafka({ listeners: [{ type: 'app', bootstrapServers: 'a:1,b:2' }] }),
        'app',
      ),
    ).toBe('a:1,b:2');
  });
});
