import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesCluster } from '@paasport/kubernetes-node';
import {
  teamGroup,
  tenancyTestConfig,
} from '@paasport/kubernetes-node/testUtils';
import { recordingAuditor } from '@paasport/plugin-paasport-node/testUtils';
// A module is tested inside the plugin it extends (a devDependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import marketplacePlugin from '@paasport/plugin-marketplace-backend';
import request from 'supertest';
import { AdminObjects } from './__testUtils__/adminObjects';
import {
  adminCluster,
  createScratchNamespace,
  deleteScratchNamespace,
  devclusterConfigData,
  eventually,
  portalWrites,
} from './__testUtils__/devcluster';
import { StrimziTestOperator } from './__testUtils__/reconcilers/StrimziTestOperator';
import {
  KAFKA,
  KAFKA_NODE_POOL,
  KAFKA_TOPIC,
  KAFKA_USER,
} from './drivers/strimzi/manifests';
import { LABELS, selector } from './kube/names';
import { secretValue } from './kube/secrets';
import { SECRET } from './kube/types';
import marketplaceModuleOperators from '.';

/*
 * The module in a real backend with the marketplace plugin: a Kafka request
 * goes through the API, the processor and this provider to Strimzi resources
 * on the dev cluster (a test operator plays Strimzi), written as the person
 * who asked; its binding's credentials land in a Secret, and deprovisioning
 * leaves nothing. A member of the team cannot reach another team's
 * namespace through a forged Component or that team's application.
 */
jest.setTimeout(240_000);

const CLUSTER = 'dev';
const TYPES = [KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, KAFKA_USER];
const alice = mockCredentials.user.header('user:default/alice');

/** The offering as a platform team would configure it (see README). */
const kafkaOffering = {
  id: 'kafka',
  title: 'Kafka',
  parametersSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      partitions: { type: 'integer', minimum: 1, maximum: 48, default: 3 },
      retentionHours: {
        type: 'integer',
        minimum: 1,
        maximum: 720,
        default: 168,
      },
      topics: {
        type: 'array',
        maxItems: 20,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[a-zA-Z0-9._-]{1,249}$' },
            partitions: { type: 'integer', minimum: 1, maximum: 48 },
            retentionHours: { type: 'integer', minimum: 1, maximum: 720 },
          },
        },
      },
    },
  },
  plans: [
    {
      id: 'dedicated',
      title: 'Dedicated (one broker)',
      sizeGb: 20,
      provider: 'operator:strimzi',
      providerOptions: { replicas: 1, storageGi: 20 },
    },
  ],
};

describe('marketplace with the operators module', () => {
  let admin: KubernetesCluster;
  let namespace: string;
  let other: string;
  let operator: StrimziTestOperator;

  beforeAll(async () => {
    admin = await adminCluster(CLUSTER);
    namespace = await createScratchNamespace(admin, 'mkt-op-test');
    other = await createScratchNamespace(admin, 'mkt-op-other');
    operator = new StrimziTestOperator(admin, namespace).start();
  });

  afterAll(async () => {
    // The stand-in goes first; finalizers it leaves are stripped.
    await operator?.stop();
    for (const ns of [namespace, other]) {
      if (ns) await deleteScratchNamespace(admin, ns, TYPES);
    }
  });

  it('takes a Kafka request to credentials in a Secret and back to nothing, as the person, and never into another team’s namespace', async () => {
    const testStarted = new Date();
    const recording = recordingAuditor();
    // The test backend's scheduler only runs tasks when triggered: the test
    // plays the clock and ticks the processor the way `frequency` would.
    let scheduler: SchedulerService | undefined;
    const clock = createBackendModule({
      pluginId: 'marketplace',
      moduleId: 'test-clock',
      register(reg) {
        reg.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    const tick = () => scheduler!.triggerTask('marketplace-processor');
    const { server } = await startTestBackend({
      features: [
        marketplacePlugin,
        marketplaceModuleOperators,
        clock,
        recording.auditor.factory,
        catalogServiceMock.factory({
          entities: [
            teamGroup('mkt-op-test', namespace, ['alice']),
            teamGroup('mkt-op-other', other, ['olga']),
            system('orders', 'mkt-op-test'),
            system('ledger', 'mkt-op-other'),
            // alice's own team and application, the other team's namespace.
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'orders-forged',
                annotations: {
                  'backstage.io/kubernetes-id': 'ledger-api',
                  'backstage.io/kubernetes-namespace': other,
                },
              },
              spec: { type: 'service', owner: 'mkt-op-test', system: 'orders' },
              relations: [
                { type: 'partOf', targetRef: 'system:default/orders' },
              ],
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            ...devclusterConfigData(),
            // Trusts the test org the team Groups come from.
            ...tenancyTestConfig,
            marketplace: {
              offerings: [kafkaOffering],
              processor: { frequencySeconds: 1 },
            },
          },
        }),
      ],
    });
    const api = (method: 'get' | 'post' | 'delete', path: string) =>
      request(server)
        [method](`/api/marketplace${path}`)
        .set('Authorization', alice);

    /** Waits for a request state; on timeout says where the request stuck. */
    const untilState = async (id: string, state: string) => {
      let last: any;
      try {
        return await eventually(
          async () => {
            await tick();
            last = (await api('get', `/requests/${id}`)).body;
            return last.state === state && last;
          },
          120_000,
          `request ${id} to be ${state}`,
        );
      } catch (error) {
        throw new Error(`${error}; last seen: ${JSON.stringify(last)}`);
      }
    };

    const offerings = await api('get', '/offerings');
    expect(offerings.body[0].plans[0].available).toBe(true);

    // Into the other team's namespace: refused before anything is created.
    const kafka = {
      offeringId: 'kafka',
      planId: 'dedicated',
      cluster: CLUSTER,
      parameters: {},
    };
    const forged = await api('post', '/requests').send({
      ...kafka,
      name: 'steal-a',
      component: 'component:default/orders-forged',
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.message).toContain(
      `backstage.io/kubernetes-namespace '${other}' is outside group:default/mkt-op-test's namespace ${namespace} on ${CLUSTER}`,
    );
    const foreign = await api('post', '/requests').send({
      ...kafka,
      name: 'steal-b',
      system: 'system:default/ledger',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toContain(
      `user:default/alice is not a member of group:default/mkt-op-other, which owns namespace ${other} on ${CLUSTER}`,
    );
    const named = await api('post', '/requests').send({
      ...kafka,
      name: 'steal-c',
      system: 'system:default/orders',
      namespace: other,
    });
    expect(named.status).toBe(400);
    await tick();
    const objects = new AdminObjects(admin);
    for (const type of TYPES) {
      expect(await objects.list(type, { namespace: other })).toEqual([]);
    }
    expect(
      await objects.list(SECRET, {
        namespace: other,
        labelSelector: selector({ [LABELS.managedBy]: 'paasport-marketplace' }),
      }),
    ).toEqual([]);
    expect(await objects.list(KAFKA, { namespace })).toEqual([]);
    expect(
      recording.records
        .filter(r => r.eventId === 'marketplace-request-create')
        .map(r => [r.meta.name, r.outcome]),
    ).toEqual([
      ['steal-a', 'fail'],
      ['steal-b', 'fail'],
    ]);

    const created = await api('post', '/requests').send({
      offeringId: 'kafka',
      planId: 'dedicated',
      name: 'events',
      system: 'system:default/orders',
      cluster: CLUSTER,
      parameters: { topics: [{ name: 'orders', partitions: 6 }] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const ready = await untilState(id, 'ready');
    expect(ready.history.map((e: { toState: string }) => e.toState)).toEqual(
      expect.arrayContaining(['pending', 'provisioning', 'ready']),
    );

    const binding = await api('post', `/requests/${id}/bindings`).send({
      name: 'api',
    });
    expect(binding.status).toBe(201);
    await eventually(
      async () => {
        await tick();
        return (
          (await api('get', `/requests/${id}`)).body.bindings[0]?.state ===
          'ready'
        );
      },
      60_000,
      'the binding to be ready',
    );
    const delivered = await objects.get(SECRET, namespace, 'events-api');
    const revealed = await api(
      'post',
      `/requests/${id}/bindings/${binding.body.id}/reveal`,
    );
    const credentials = revealed.body.credentials;
    expect(credentials).toMatchObject({
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      topics: 'orders',
    });
    for (const key of [
      'bootstrap.servers',
      'sasl.jaas.config',
      'username',
      'password',
    ]) {
      expect(secretValue(delivered, key)).toBe(String(credentials[key]));
    }
    // The list never carries credentials.
    expect(JSON.stringify((await api('get', '/requests')).body)).not.toContain(
      credentials.password,
    );

    const removed = await api('delete', `/requests/${id}?force=true`);
    expect(removed.status).toBe(202);
    const deleted = await untilState(id, 'deleted');
    expect(deleted.bindings[0].state).toBe('deleted');
    expect(await objects.get(SECRET, namespace, 'events-api')).toBeUndefined();
    const left = await Promise.all(
      [...TYPES, SECRET].map(type =>
        objects.list(type, {
          namespace,
          labelSelector: selector({ [LABELS.instance]: id }),
        }),
      ),
    );
    expect(left.flat()).toEqual([]);

    // Every write the portal made there, it made as alice: the Kafka
    // resources, the credentials Secret, and their deletes.
    const writes = await portalWrites(CLUSTER, testStarted, namespace, w =>
      w.some(x => x.startsWith('delete kafkas/')),
    );
    expect(writes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^patch kafkas\/kafka-\w+ as paasport:user:default\/alice$/,
        ),
        'patch secrets/events-api as paasport:user:default/alice',
        'delete secrets/events-api as paasport:user:default/alice',
        expect.stringMatching(
          /^delete kafkas\/kafka-\w+ as paasport:user:default\/alice$/,
        ),
      ]),
    );
    expect(
      writes.filter(w => !w.endsWith(' as paasport:user:default/alice')),
    ).toEqual([]);
    expect(await portalWrites(CLUSTER, testStarted, other, () => true)).toEqual(
      [],
    );
  });
});

function system(name: string, owner: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name },
    spec: { owner: `group:default/${owner}` },
  };
}
