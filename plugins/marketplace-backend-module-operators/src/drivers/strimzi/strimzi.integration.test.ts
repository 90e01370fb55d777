import {
  createScratchNamespace,
  deleteScratchNamespace,
  portalWrites,
  writeStatus,
} from '../../__testUtils__/devcluster';
import {
  bindingRef,
  instanceRef,
  provisionInput,
  testProvider,
  untilSettled,
} from '../../__testUtils__/providers';
import { StrimziTestOperator } from '../../__testUtils__/reconcilers/StrimziTestOperator';
import { useScratchSpace } from '../../__testUtils__/scratchSpace';
import { LABELS, selector } from '../../kube/names';
import { secretValue } from '../../kube/secrets';
import { SECRET, SERVICE } from '../../kube/types';
import { KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, KAFKA_USER } from './manifests';
import { StrimziDriver } from './StrimziDriver';

/*
 * operator:strimzi against the prod devcluster with the portal's token; a
 * test operator plays Strimzi. Fails (does not skip) when the clusters are down.
 */
jest.setTimeout(180_000);

const CLUSTER = 'prod';
const TYPES = [KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, KAFKA_USER];

describe('operator:strimzi on the devcluster', () => {
  const space = useScratchSpace({
    cluster: CLUSTER,
    types: TYPES,
    operator: (admin, namespace) => new StrimziTestOperator(admin, namespace),
    stopOperator: 'last',
  });

  const labelled = async (instanceId: string) =>
    (
      await Promise.all(
        [...TYPES, SECRET].map(type =>
          space.objects.list(type, {
            namespace: space.namespace,
            labelSelector: selector({ [LABELS.instance]: instanceId }),
          }),
        ),
      )
    ).flat();

  it('provisions, binds least-privilege users, unbinds and deprovisions, leaving nothing', async () => {
    const testStarted = new Date();
    const provider = testProvider(new StrimziDriver(), space.clusters);
    const input = provisionInput({
      namespace: space.namespace,
      offeringId: 'kafka',
      providerOptions: { cluster: CLUSTER, replicas: 1 },
      parameters: {
        partitions: 2,
        topics: [{ name: 'orders' }, { name: 'Payments.v1', partitions: 6 }],
      },
    });
    const started = await provider.provision(input);
    expect(started.phase).toBe('in_progress');
    // A retry after a crash finds its own objects instead of failing or duplicating.
    expect((await provider.provision(input)).phase).not.toBe('failed');

    const ready = await untilSettled(() =>
      provider.getStatus(instanceRef(input, started.operation), 'provision'),
    );
    expect(ready).toMatchObject({
      phase: 'ready',
      message: expect.stringContaining('-kafka-bootstrap.'),
    });
    const kafkas = await space.objects.list(KAFKA, {
      namespace: space.namespace,
    });
    expect(kafkas).toHaveLength(1);
    const kafka = kafkas[0];
    expect(kafka.metadata.labels?.[LABELS.instance]).toBe(input.instanceId);
    expect(kafka.metadata.annotations?.['paasport.io/team']).toBe(
      'group:default/mkt-op-test',
    );
    const topics = await space.objects.list(KAFKA_TOPIC, {
      namespace: space.namespace,
    });
    expect(
      topics.map(t => [(t.spec as any).topicName, (t.spec as any).partitions]),
    ).toEqual(
      expect.arrayContaining([
        ['orders', 2],
        ['Payments.v1', 6],
      ]),
    );
    // Written as the person: the portal's token, impersonating tester.
    expect(
      await portalWrites(CLUSTER, testStarted, space.namespace, w =>
        w.some(x => x.startsWith('patch kafkas/')),
      ),
    ).toEqual(
      expect.arrayContaining([
        `patch kafkas/${kafka.metadata.name} as paasport:user:default/tester`,
        expect.stringMatching(
          /^patch kafkatopics\/.* as paasport:user:default\/tester$/,
        ),
      ]),
    );

    // Bind after a backend restart: a fresh provider finds the instance by label.
    const restarted = testProvider(new StrimziDriver(), space.clusters);
    const first = bindingRef(input);
    const second = bindingRef(input);
    const bound1 = await untilSettled(() => restarted.bind(first));
    const bound2 = await untilSettled(() => restarted.bind(second));
    expect(bound1.phase).toBe('ready');
    const c1 = bound1.credentials!;
    expect(c1).toMatchObject({
      'bootstrap.servers': `${kafka.metadata.name}-kafka-bootstrap.${space.namespace}.svc:9092`,
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      host: `${kafka.metadata.name}-kafka-bootstrap.${space.namespace}.svc`,
      port: 9092,
      topics: expect.stringMatching(/orders/),
    });
    const userSecret = await space.objects.get(
      SECRET,
      space.namespace,
      String(c1.username),
    );
    expect(c1.password).toBe(secretValue(userSecret, 'password'));
    expect(c1['sasl.jaas.config']).toBe(
      secretValue(userSecret, 'sasl.jaas.config'),
    );
    // One user per binding, with ACLs on this instance's topics only.
    expect(bound2.credentials!.username).not.toBe(c1.username);
    expect(bound2.credentials!.password).not.toBe(c1.password);
    const user = await space.objects.get(
      KAFKA_USER,
      space.namespace,
      String(c1.username),
    );
    const acls = (user!.spec as any).authorization.acls;
    expect(
      acls
        .map(
          (a: any) =>
            `${a.resource.type}:${a.resource.name}:${a.resource.patternType}`,
        )
        .sort(),
    ).toEqual([
      `group:${c1.username}:prefix`,
      'topic:Payments.v1:literal',
      'topic:orders:literal',
    ]);
    expect(await restarted.fetchCredentials(first)).toEqual(c1);

    const unbound = await untilSettled(() => restarted.unbind(first));
    expect(unbound.phase).toBe('gone');
    expect(
      await space.objects.get(KAFKA_USER, space.namespace, String(c1.username)),
    ).toBeUndefined();
    // The User Operator's Secret went with its KafkaUser (garbage collector).
    expect(
      await space.objects.get(SECRET, space.namespace, String(c1.username)),
    ).toBeUndefined();
    expect(
      await space.objects.get(
        KAFKA_USER,
        space.namespace,
        String(bound2.credentials!.username),
      ),
    ).toBeDefined();

    // Deprovision with the second binding still there (a forced deprovision):
    // users, then topics (whose finalizers need the running Kafka), then Kafka.
    const fresh = testProvider(new StrimziDriver(), space.clusters);
    const gone = await untilSettled(previous =>
      previous
        ? fresh.getStatus(instanceRef(input, previous.operation), 'deprovision')
        : fresh.deprovision(instanceRef(input)),
    );
    expect(gone.phase).toBe('gone');
    expect(gone.seen.join('\n')).toMatch(/Deleting KafkaUser/);
    expect(gone.seen.join('\n')).toMatch(/Deleting KafkaTopic/);
    expect(
      await fresh.verifyGone(instanceRef(input, gone.operation ?? undefined)),
    ).toBe(true);
    expect(await labelled(input.instanceId)).toEqual([]);
    for (const suffix of ['-kafka-bootstrap', '-kafka-brokers']) {
      expect(
        await space.objects.get(
          SERVICE,
          space.namespace,
          `${kafka.metadata.name}${suffix}`,
        ),
      ).toBeUndefined();
    }
    // Every delete named the person (and the uid of what it listed).
    const deletes = (
      await portalWrites(CLUSTER, testStarted, space.namespace, w =>
        w.some(x => x.startsWith('delete kafkas/')),
      )
    ).filter(w => w.startsWith('delete'));
    expect(deletes).toEqual(
      expect.arrayContaining([
        `delete kafkas/${kafka.metadata.name} as paasport:user:default/tester`,
      ]),
    );
    expect(
      deletes.every(w => w.endsWith(' as paasport:user:default/tester')),
    ).toBe(true);
    expect(space.operator.errors).toEqual([]);
  });

  it("refuses to provision for someone outside the namespace's team, and creates nothing", async () => {
    const provider = testProvider(new StrimziDriver(), space.clusters);
    const input = provisionInput({
      namespace: space.namespace,
      offeringId: 'kafka',
      providerOptions: { cluster: CLUSTER, replicas: 1 },
      actingFor: 'user:default/outsider',
    });
    const error = await provider.provision(input).catch(e => e);
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toContain('paasport:user:default/outsider');
    expect(error.message).toMatch(/refused by the cluster/);
    expect(await labelled(input.instanceId)).toEqual([]);
  });

  it('fails with the operator’s own message when Strimzi rejects the Kafka', async () => {
    const provider = testProvider(new StrimziDriver(), space.clusters);
    const input = provisionInput({
      namespace: space.namespace,
      offeringId: 'kafka',
      providerOptions: { cluster: CLUSTER, replicas: 1, version: '2.8.0' },
    });
    const started = await provider.provision(input);
    const result = await untilSettled(() =>
      provider.getStatus(instanceRef(input, started.operation), 'provision'),
    );
    expect(result).toEqual({
      phase: 'failed',
      message: expect.stringContaining(
        'UnsupportedKafkaVersionException: Unsupported Kafka.spec.kafka.version: 2.8.0',
      ),
      seen: expect.any(Array),
    });
    // What the processor does next: orphan cleanup.
    const cleaned = await untilSettled(previous =>
      previous
        ? provider.getStatus(
            instanceRef(input, previous.operation),
            'deprovision',
          )
        : provider.deprovision(instanceRef(input)),
    );
    expect(cleaned.phase).toBe('gone');
    expect(await provider.verifyGone(instanceRef(input))).toBe(true);
  });

  it('refuses to provision into a namespace that does not exist, creating nothing', async () => {
    const provider = testProvider(new StrimziDriver(), space.clusters);
    const input = provisionInput({
      namespace: `${space.namespace}-missing`,
      offeringId: 'kafka',
      providerOptions: { cluster: CLUSTER },
    });
    await expect(provider.provision(input)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('does not exist'),
    });
    expect(await provider.verifyGone(instanceRef(input))).toBe(true);
  });
});

describe('operator:strimzi with a misbehaving operator', () => {
  // No test operator here: the test writes the status, good or bad.
  const space = useScratchSpace({ cluster: CLUSTER, types: TYPES });

  it('reads bad and partial status as pending or failed with a reason, never crashing', async () => {
    const provider = testProvider(new StrimziDriver(), space.clusters);
    const input = provisionInput({
      namespace: space.namespace,
      offeringId: 'kafka',
      providerOptions: { cluster: CLUSTER, replicas: 1 },
    });
    const started = await provider.provision(input);
    const status = () =>
      provider.getStatus(instanceRef(input, started.operation), 'provision');
    const [kafka] = await space.objects.list(KAFKA, {
      namespace: space.namespace,
    });
    const name = kafka.metadata.name;
    const generation = kafka.metadata.generation;

    expect(await status()).toMatchObject({
      phase: 'in_progress',
      message: `Waiting for Strimzi to reconcile Kafka ${name}`,
    });

    // Ready, but about no generation in particular.
    await writeStatus(space.admin, KAFKA, space.namespace, name, {
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(await status()).toMatchObject({
      phase: 'in_progress',
      message: `Waiting for Strimzi to reconcile Kafka ${name}`,
    });

    // Ready for this generation, but unusable: no address, junk beside it.
    await writeStatus(space.admin, KAFKA, space.namespace, name, {
      observedGeneration: generation,
      conditions: [{ type: 'Ready', status: 'True' }],
      listeners: [{ name: 'app', addresses: [] }],
      surprise: { nested: [1, 'two', null] },
    });
    expect(await status()).toEqual({
      phase: 'failed',
      message: `Kafka ${name} reports Ready but no bootstrap address for listener 'app' in status.listeners`,
    });

    // Fixed by the operator; the topic has not been reconciled yet.
    await writeStatus(space.admin, KAFKA, space.namespace, name, {
      listeners: [{ name: 'app', bootstrapServers: 'k:9092' }],
    });
    const [topic] = await space.objects.list(KAFKA_TOPIC, {
      namespace: space.namespace,
    });
    expect(await status()).toMatchObject({
      phase: 'in_progress',
      message: `Waiting for Strimzi to reconcile KafkaTopic ${topic.metadata.name}`,
    });
    await writeStatus(
      space.admin,
      KAFKA_TOPIC,
      space.namespace,
      topic.metadata.name,
      {
        observedGeneration: topic.metadata.generation,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    );
    expect((await status()).phase).toBe('ready');

    // A KafkaUser that says Ready before its Secret exists is not bound yet,
    // and a status pointing at some other Secret is not believed.
    const core = await space.admin.api(k8s => k8s.CoreV1Api);
    await core.createNamespacedSecret({
      namespace: space.namespace,
      body: {
        metadata: { name: 'someone-elses-secret' },
        stringData: { password: 'not-yours' },
      },
    });
    const binding = bindingRef(input);
    expect((await provider.bind(binding)).phase).toBe('in_progress');
    const [user] = await space.objects.list(KAFKA_USER, {
      namespace: space.namespace,
    });
    await writeStatus(
      space.admin,
      KAFKA_USER,
      space.namespace,
      user.metadata.name,
      {
        observedGeneration: user.metadata.generation,
        conditions: [{ type: 'Ready', status: 'True' }],
        secret: 'someone-elses-secret',
      },
    );
    expect(await provider.bind(binding)).toMatchObject({
      phase: 'in_progress',
      message: `Waiting for the User Operator to write the password of ${user.metadata.name}`,
    });

    const gone = await untilSettled(previous =>
      previous
        ? provider.getStatus(
            instanceRef(input, previous.operation),
            'deprovision',
          )
        : provider.deprovision(instanceRef(input)),
    );
    expect(gone.phase).toBe('gone');
    expect(await provider.verifyGone(instanceRef(input, gone.operation))).toBe(
      true,
    );
  });
});

describe('operator:strimzi after the namespace was deleted (a decommission)', () => {
  // No operator: the Kafka only has to exist, then go with its namespace.
  const space = useScratchSpace({ cluster: CLUSTER, types: TYPES });

  it('deprovisions and verifies as done, instead of being refused for ever', async () => {
    const provider = testProvider(new StrimziDriver(), space.clusters);
    const namespace = await createScratchNamespace(space.admin, space.team);
    const input = provisionInput({
      namespace,
      offeringId: 'kafka',
      providerOptions: { cluster: CLUSTER, replicas: 1 },
    });
    expect((await provider.provision(input)).phase).toBe('in_progress');
    expect(await space.objects.list(KAFKA, { namespace })).toHaveLength(1);
    await deleteScratchNamespace(space.admin, namespace, TYPES);

    // The person may not even look there now; the portal sees it is gone.
    const ref = instanceRef(input, undefined, true);
    expect(await provider.deprovision(ref)).toEqual({
      phase: 'gone',
      message: 'The namespace is gone',
    });
    expect(await provider.verifyGone(ref)).toBe(true);
  });
});
