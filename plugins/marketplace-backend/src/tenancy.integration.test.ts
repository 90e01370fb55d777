import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CoreV1Api } from '@kubernetes/client-node';
import {
  teamGroup,
  tenancyTestConfig,
} from '@paasport/kubernetes-node/testUtils';
import {
  AuditRecord,
  eventually,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import request from 'supertest';
import {
  BROKER_AUTH,
  requireBrokerServices,
  startTestBroker,
  TestBroker,
} from './__testUtils__/broker';
import { component } from './__testUtils__/catalog';
import {
  createTeamNamespace,
  deleteNamespace,
  devcluster,
  PORTAL_USER,
  readSecret,
  secretWrites,
} from './__testUtils__/devcluster';
import { marketplacePlugin } from './plugin';

// A member of team blue against team red on the devcluster's `dev`, through
// the real broker on the running MariaDB and Redis, with every permission
// granted (the team boundary alone must hold): fails when anything is down.
jest.setTimeout(180_000);

const as = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});

describe('marketplace tenancy: one team cannot place middleware in another team’s namespace', () => {
  let broker: TestBroker;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let admin: CoreV1Api;
  let audits: AuditRecord[];
  let blue = '';
  let red = '';

  beforeAll(async () => {
    await requireBrokerServices();
    const dc = await devcluster();
    admin = await dc.admin('dev');
    blue = await createTeamNamespace('dev', 'mkt-blue');
    red = await createTeamNamespace('dev', 'mkt-red');
    broker = await startTestBroker();
    const recording = recordingAuditor();
    audits = recording.records;
    ({ server } = await startTestBackend({
      features: [
        marketplacePlugin,
        recording.auditor.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            teamGroup('mkt-blue', blue, ['ann']),
            teamGroup('mkt-red', red, ['rob']),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'System',
              metadata: { name: 'blue-app' },
              spec: { owner: 'group:default/mkt-blue' },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'System',
              metadata: { name: 'red-app' },
              spec: { owner: 'group:default/mkt-red' },
            },
            component('blue-api', 'mkt-blue', 'blue-app', {
              'backstage.io/kubernetes-id': 'blue-api',
            }),
            // Registered by ann in a repository she controls: her own team
            // and application, red's namespace and workload.
            component('blue-forged', 'mkt-blue', 'blue-app', {
              'backstage.io/kubernetes-id': 'red-api',
              'backstage.io/kubernetes-namespace': red,
            }),
            component('red-api', 'mkt-red', 'red-app', {
              'backstage.io/kubernetes-id': 'red-api',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            ...dc.data,
            paasport: { ...dc.data.paasport, ...tenancyTestConfig.paasport },
            marketplace: {
              brokers: { shared: { url: broker.url, ...BROKER_AUTH } },
              processor: { frequencySeconds: 1 },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await broker?.close();
    for (const namespace of [blue, red]) {
      if (namespace) await deleteNamespace('dev', namespace);
    }
  });

  const api = (who: string) => ({
    get: (path: string) =>
      request(server).get(`/api/marketplace${path}`).set(as(who)),
    post: (path: string, body: object = {}) =>
      request(server).post(`/api/marketplace${path}`).set(as(who)).send(body),
    delete: (path: string) =>
      request(server).delete(`/api/marketplace${path}`).set(as(who)),
  });

  const untilBound = (who: string, id: string, state: string) =>
    eventually(
      async () => {
        const res = await api(who).get(`/requests/${id}`);
        return res.body.bindings?.[0]?.state === state && res.body;
      },
      60_000,
      `the binding of ${id} to be ${state}`,
    );

  /** Secrets the marketplace made in a namespace, read as the admin. */
  const marketplaceSecrets = async (namespace: string) =>
    (
      await admin.listNamespacedSecret({
        namespace,
        labelSelector: 'app.kubernetes.io/managed-by=paasport-marketplace',
      })
    ).items.map(s => s.metadata?.name);

  it('refuses every way into red’s namespace with a 4xx naming team and namespace, leaves red alone, and audits each refusal', async () => {
    const ann = api('ann');
    const redis = { offeringId: 'redis', planId: 'small', cluster: 'dev' };
    const cases: Array<[string, object, number, string[]]> = [
      [
        'a forged Component of blue annotated with red’s namespace',
        {
          ...redis,
          name: 'steal-a',
          component: 'component:default/blue-forged',
          binding: { name: 'api' },
        },
        403,
        [
          `backstage.io/kubernetes-namespace '${red}' is outside group:default/mkt-blue's namespace ${blue} on dev`,
        ],
      ],
      [
        'red’s application',
        {
          ...redis,
          name: 'steal-b',
          system: 'system:default/red-app',
          binding: { name: 'api', component: 'red-api' },
        },
        403,
        [
          `user:default/ann is not a member of group:default/mkt-red, which owns namespace ${red} on dev`,
        ],
      ],
      [
        'red’s namespace named directly',
        {
          ...redis,
          name: 'steal-c',
          system: 'system:default/blue-app',
          namespace: red,
        },
        400,
        ['namespace'],
      ],
      [
        'a cluster where blue’s namespace is not verified',
        {
          ...redis,
          name: 'steal-d',
          system: 'system:default/blue-app',
          cluster: 'prod',
          binding: { name: 'api' },
        },
        403,
        [
          `group:default/mkt-blue holds no verified namespace on cluster prod`,
          `namespace ${blue} on prod does not exist or does not carry paasport.io/team=mkt-blue`,
        ],
      ],
    ];
    for (const [what, body, status, phrases] of cases) {
      const res = await ann.post('/requests', body);
      expect({ what, status: res.status }).toEqual({ what, status });
      for (const phrase of phrases) {
        expect({ what, message: res.body.error?.message }).toEqual({
          what,
          message: expect.stringContaining(phrase),
        });
      }
    }
    expect((await ann.get('/requests?scope=mine')).body).toEqual([]);
    // Give a processor that had anything to do the time to do it.
    await new Promise(resolve => setTimeout(resolve, 2_000));
    expect(await marketplaceSecrets(red)).toEqual([]);
    expect(await marketplaceSecrets(blue)).toEqual([]);
    const refused = audits.filter(
      a => a.eventId === 'marketplace-request-create' && a.outcome === 'fail',
    );
    // The strict schema refuses a named namespace before the handler.
    expect(refused.map(a => a.meta.name)).toEqual([
      'steal-a',
      'steal-b',
      'steal-d',
    ]);
    expect(refused[0].error).toContain(red);
    expect(refused[1].error).toContain('group:default/mkt-red');
  });

  it('delivers an owner’s credentials into the own namespace as the person, refuses the other team on the instance, and deprovisions as the person who asks', async () => {
    const started = new Date();
    const ann = api('ann');
    const created = await ann.post('/requests', {
      offeringId: 'redis',
      planId: 'small',
      name: 'it-cache',
      component: 'component:default/blue-api',
      cluster: 'dev',
      binding: { name: 'blue-api' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      team: 'group:default/mkt-blue',
      namespace: blue,
      cluster: 'dev',
    });
    const id: string = created.body.id;
    const bound = await untilBound('ann', id, 'ready');
    const secret = { namespace: blue, name: 'it-cache-blue-api' };
    const found = (await readSecret(admin, secret.namespace, secret.name))!;
    expect(found.data.password).toBeTruthy();
    expect(found.secret.metadata?.labels).toMatchObject({
      'paasport.io/request-id': id,
      'paasport.io/component': 'blue-api',
    });
    // The apiserver saw ann, through the portal, write it.
    expect(
      await secretWrites('dev', started, secret, w => w.length >= 1),
    ).toEqual([`patch by ${PORTAL_USER} as paasport:user:default/ann`]);

    // rob (red) may not bind it into red, through blue's forged Component
    // or at all, nor reveal, unbind or deprovision it.
    const rob = api('rob');
    const forged = await ann.post(`/requests/${id}/bindings`, {
      name: 'forged',
      component: 'blue-forged',
    });
    expect(forged.status).toBe(403);
    expect(forged.body.error.message).toContain(
      `backstage.io/kubernetes-namespace '${red}'`,
    );
    const bindingId = bound.bindings[0].id;
    for (const res of [
      await rob.post(`/requests/${id}/bindings`, { name: 'rob' }),
      await rob.post(`/requests/${id}/bindings/${bindingId}/reveal`),
      await rob.delete(`/requests/${id}/bindings/${bindingId}`),
      await rob.delete(`/requests/${id}?force=true`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'user:default/rob is not a member of group:default/mkt-blue',
      );
    }
    expect(await marketplaceSecrets(red)).toEqual([]);

    const revealed = await ann.post(
      `/requests/${id}/bindings/${bindingId}/reveal`,
    );
    expect(revealed.body.credentials.password).toBe(found.data.password);

    expect((await ann.delete(`/requests/${id}?force=true`)).status).toBe(202);
    await eventually(
      async () => (await ann.get(`/requests/${id}`)).body.state === 'deleted',
      60_000,
      'the instance to be deleted',
    );
    expect(
      await readSecret(admin, secret.namespace, secret.name),
    ).toBeUndefined();
    const writes = await secretWrites('dev', started, secret, w =>
      w.some(x => x.startsWith('delete')),
    );
    expect(writes).toEqual([
      `patch by ${PORTAL_USER} as paasport:user:default/ann`,
      `delete by ${PORTAL_USER} as paasport:user:default/ann`,
    ]);
  });
});
