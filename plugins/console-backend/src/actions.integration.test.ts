import { mockCredentials } from '@backstage/backend-test-utils';
import {
  CanaryDetail,
  CanaryListResponse,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { canaryDetailOverview } from './actions/canaryDetailOutput';
import { canaryOverview } from './actions/canaryOutput';
import { releasesOverview } from './actions/releasesOutput';
import {
  AuditRecord,
  component,
  startConsoleBackend,
  system,
} from './__testUtils__/backend';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  eventually,
  rollOut,
  testDeployment,
} from './__testUtils__/devcluster';

// The console's actions through the actions registry's real HTTP endpoint
// (the one the MCP actions backend calls), against a Deployment in a
// namespace of its own on the devcluster's `dev` (deleted afterwards): each
// answer must be the HTTP route's answer to the same person, cut down, and
// reading must change nothing.
jest.setTimeout(300_000);

const APP = 'actions-web';
const SECRET = `actions-it-secret-${Math.random().toString(36).slice(2)}`;
const image = (version: string) =>
  `registry.paasport.dev/console-it/${APP}:${version}`;

describe('console actions through the actions endpoint', () => {
  let admin: AdminApis;
  let namespace = '';
  let server: Awaited<ReturnType<typeof startConsoleBackend>>['server'];
  let audits: AuditRecord[];
  let stop = async () => {};

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${user}`),
  });
  const asService = { Authorization: mockCredentials.service.header() };
  const invoke = (
    action: string,
    input: object,
    auth: Record<string, string>,
  ) =>
    request(server)
      .post(
        `/api/console/.backstage/actions/v1/actions/${encodeURIComponent(
          `console:${action}`,
        )}/invoke`,
      )
      .set(auth)
      .send(input);
  const route = (path: string, auth: Record<string, string>) =>
    request(server).get(`/api/console${path}`).set(auth);
  const releasesPath = `/entities/component/default/${APP}/releases`;

  /**
   * The action's answer next to the route's, read before and after it; a
   * cluster that changed in between (a pod became ready) reads again.
   */
  async function expectSameAsRoute(
    action: () => request.Test,
    read: () => request.Test,
    cutDown: (body: any) => unknown,
  ) {
    for (let attempt = 1; ; attempt++) {
      const before = await read();
      const answer = await action();
      const after = await read();
      if (isDeepStrictEqual(before.body, after.body) || attempt === 5) {
        expect(answer.status).toBe(before.status);
        if (before.status === 200) {
          expect(answer.body).toEqual({ output: cutDown(before.body) });
        } else {
          expect(answer.body.error.name).toBe(before.body.error.name);
        }
        return answer.body.output;
      }
    }
  }

  /** Each Deployment's generation and spec: what a write would change. */
  const namespaceState = async () =>
    (await admin.apps.listNamespacedDeployment({ namespace })).items.map(d => [
      d.metadata?.name,
      d.metadata?.generation,
      JSON.stringify(d.spec),
    ]);

  beforeAll(async () => {
    admin = await adminApis('dev');
    namespace = await createTestNamespace(admin, 'actions-it');
    const manifest = testDeployment(namespace, APP, '1.0.0');
    // A value no answer may carry: env values are never shown.
    manifest.spec.template.spec.containers[0].env.push({
      name: 'DB_PASSWORD',
      value: SECRET,
    });
    await rollOut(admin, manifest);
    const started = await startConsoleBackend({
      entities: [system('actions-it'), component(APP, namespace, 'actions-it')],
    });
    server = started.server;
    audits = started.audits;
    stop = () => started.backend.stop();
    await eventually(
      async () => {
        const res = await route(`${releasesPath}?cluster=dev`, as('alice'));
        const body = res.body as ReleasesResponse;
        const dev = body.clusters[0];
        return 'workloads' in dev && dev.workloads[0]?.currentRevision === 1;
      },
      60_000,
      `the console cache to see ${APP}`,
    );
  });

  afterAll(async () => {
    await stop();
    if (namespace) {
      await admin.core.deleteNamespace({ name: namespace }).catch(() => {});
    }
  });

  it('lists the three actions as read-only', async () => {
    const res = await route('/.backstage/actions/v1/actions', as('alice'));
    expect(res.status).toBe(200);
    const attributes = Object.fromEntries(
      res.body.actions.map((a: any) => [a.id, a.attributes]),
    );
    const readOnly = { readOnly: true, destructive: false, idempotent: true };
    expect(attributes).toEqual({
      'console:get-releases': readOnly,
      'console:list-canaries': readOnly,
      'console:get-canary': readOnly,
    });
  });

  it('gives alice and bob what the releases route gives each, changing nothing', async () => {
    const before = await namespaceState();
    const auditsBefore = audits.length;
    const input = { entityRef: `component:default/${APP}` };
    // Reads are open to every signed-in person who may see the entity in the
    // catalog (README, Tenancy): bob, of another team, gets what alice gets,
    // from the route and the action alike; only changes are the team's.
    for (const user of ['alice', 'bob']) {
      const output = await expectSameAsRoute(
        () => invoke('get-releases', input, as(user)),
        () => route(releasesPath, as(user)),
        releasesOverview,
      );
      expect(output.clusters).toEqual(
        expect.arrayContaining([
          {
            cluster: 'down',
            error: expect.stringMatching(/\S/),
          },
          expect.objectContaining({
            cluster: 'dev',
            workloads: [
              {
                component: `component:default/${APP}`,
                kind: 'Deployment',
                namespace,
                name: APP,
                currentRevision: 1,
                images: [image('1.0.0')],
                rollout: 'complete',
                replicas: { ready: 2, desired: 2 },
              },
            ],
          }),
        ]),
      );
      expect(JSON.stringify(output)).not.toContain(SECRET);
    }
    expect(await namespaceState()).toEqual(before);
    expect(audits.length).toBe(auditsBefore);
  });

  it('refuses a service principal as the route does, and bad input', async () => {
    const input = { entityRef: `component:default/${APP}` };
    const res = await invoke('get-releases', input, asService);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect((await route(releasesPath, asService)).status).toBe(403);
    for (const bad of [
      { entityRef: 'group:default/console-it' },
      { entityRef: `component:default/${APP}`, cluster: 'dev/x' },
      {},
    ]) {
      const refused = await invoke('get-releases', bad, as('alice'));
      expect(refused.status).toBe(400);
      expect(refused.body.error.name).toBe('InputError');
    }
  });

  it('lists and shows a running canary as the canary routes do', async () => {
    const startedRes = await request(server)
      .post(`/api/console/entities/component/default/${APP}/canaries`)
      .set(as('alice'))
      .send({
        cluster: 'dev',
        namespace,
        name: APP,
        reason: 'actions integration test',
        spec: {
          images: { app: image('2.0.0') },
          env: { app: { DB_PASSWORD: SECRET } },
          steps: [
            { weight: 50, pause: { untilResumed: true } },
            { weight: 100 },
          ],
        },
      });
    expect(startedRes.status).toBe(201);
    const { id } = startedRes.body as CanaryDetail;
    const before = await namespaceState();
    const auditsBefore = audits.length;

    for (const user of ['alice', 'bob']) {
      const list = await expectSameAsRoute(
        () =>
          invoke(
            'list-canaries',
            { entityRef: 'system:default/actions-it' },
            as(user),
          ),
        () => route(`/entities/system/default/actions-it/canaries`, as(user)),
        (body: CanaryListResponse) => ({
          canaries: body.canaries.map(canaryOverview),
        }),
      );
      expect(list.canaries).toEqual([
        expect.objectContaining({
          id,
          running: true,
          startedBy: 'user:default/alice',
          images: { app: image('2.0.0') },
        }),
      ]);
      const detail = await expectSameAsRoute(
        () => invoke('get-canary', { id }, as(user)),
        () => route(`/canaries/${id}`, as(user)),
        canaryDetailOverview,
      );
      expect(detail.events[0]).toMatchObject({
        kind: 'started',
        by: 'user:default/alice',
      });
      for (const output of [list, detail]) {
        expect(JSON.stringify(output)).not.toMatch(
          new RegExp(`${SECRET}|DB_PASSWORD`),
        );
      }
    }
    const unknown = await invoke(
      'get-canary',
      { id: '3f0c9a52-6d1e-4b7a-9c2f-8e4d5a6b7c10' },
      as('alice'),
    );
    expect(unknown.status).toBe(404);

    // The canary's Deployment, as get-releases shows it, names the canary.
    await eventually(
      async () => {
        const res = await invoke(
          'get-releases',
          { entityRef: `component:default/${APP}`, cluster: 'dev' },
          as('alice'),
        );
        const [dev] = res.body.output.clusters;
        return dev.workloads.some(
          (w: any) => w.name === `${APP}-canary` && w.canaryId === id,
        );
      },
      30_000,
      'get-releases to show the canary Deployment',
    );
    expect(await namespaceState()).toEqual(before);
    expect(audits.length).toBe(auditsBefore);
  });
});
