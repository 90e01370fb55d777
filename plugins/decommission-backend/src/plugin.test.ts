import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import {
  DecommissionPlan,
  DecommissionRun,
} from '@paasport/plugin-decommission-common';
import request from 'supertest';
import { recordingAuditor } from '@paasport/plugin-paasport-node/testUtils';
import { decommissionPlugin } from './plugin';

/*
 * The plugin in a test backend with an in-memory catalog and no clusters,
 * marketplace or Git integration: the HTTP contract, input checks,
 * permissions, audit and a run of the catalog step. Cluster work is covered
 * by decommission.integration.test.ts on the local clusters.
 */

const discovered = (
  name: string,
  kind: string,
  extra: object = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    annotations: {
      'backstage.io/managed-by-location': `paasport-discovery:dev/legacy/Deployment/${name}`,
      'backstage.io/managed-by-origin-location': `paasport-discovery:dev/legacy/Deployment/${name}`,
    },
  },
  spec: { owner: 'group:default/storefront', ...extra },
});

function entities(): Entity[] {
  return [
    discovered('legacy', 'System'),
    {
      ...discovered('legacy-api', 'Component', {
        type: 'service',
        lifecycle: 'production',
        system: 'legacy',
      }),
      relations: [{ type: 'partOf', targetRef: 'system:default/legacy' }],
    },
    discovered('billing-api', 'Component', {
      type: 'service',
      lifecycle: 'production',
    }),
    // Points at another namespace; its owner is no team the platform knows.
    {
      ...discovered('forged', 'Component', {
        type: 'service',
        lifecycle: 'production',
      }),
      metadata: {
        name: 'forged',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-namespace': 'payments',
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/name=payments-api',
        },
      },
    },
  ];
}

async function startBackend() {
  const auditor = recordingAuditor();
  const catalog = catalogServiceMock({ entities: entities() });
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const user = (credentials as BackstageCredentials<BackstageUserPrincipal>)
        .principal.userEntityRef;
      return (requests as AuthorizePermissionRequest[]).map(r => ({
        result:
          r.permission.name === 'decommission.entity.execute' &&
          user !== 'user:default/mallory'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
  });
  const { server } = await startTestBackend({
    features: [
      decommissionPlugin,
      // One in-memory catalog instance, so the test sees what a run removed.
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
      permissions.factory,
      auditor.auditor.factory,
      // Requests without a token are anonymous, as in a real backend.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return { server, catalog, audits: auditor.records };
}

const alice = mockCredentials.user.header('user:default/alice');
const mallory = mockCredentials.user.header('user:default/mallory');

async function preview(server: any, path: string) {
  const res = await request(server)
    .get(`/api/decommission/entities/${path}/preview`)
    .set('Authorization', alice);
  expect(res.status).toBe(200);
  return res.body as DecommissionPlan;
}

async function waitForRun(server: any, id: string): Promise<DecommissionRun> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await request(server)
      .get(`/api/decommission/runs/${id}`)
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    if (res.body.status !== 'running') return res.body;
    if (Date.now() > deadline) throw new Error('run did not finish');
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('decommission backend', () => {
  it('previews a System: its parts, the missing marketplace, no repository, catalog entries last', async () => {
    const { server } = await startBackend();
    const plan = await preview(server, 'system/default/legacy');
    expect(plan).toMatchObject({
      entityRef: 'system:default/legacy',
      kind: 'System',
      confirmationText: 'legacy',
      entityRefs: ['system:default/legacy', 'component:default/legacy-api'],
      blockers: [],
    });
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.items.map(i => [i.step, i.action, i.key])).toEqual([
      [
        'kubernetes',
        'none',
        'kubernetes:unannotated:component:default/legacy-api',
      ],
      ['middleware', 'none', 'middleware:unavailable'],
      ['repository', 'none', 'repository:none'],
      ['catalog', 'delete', 'catalog:entity:component:default/legacy-api'],
      ['catalog', 'delete', 'catalog:entity:system:default/legacy'],
    ]);
    expect(plan.items[1].note).toMatch(/marketplace backend is not installed/);
  });

  it('looks nowhere on the clusters for a Component whose owner is no trusted team, and says why', async () => {
    const { server } = await startBackend();
    const plan = await preview(server, 'component/default/forged');
    const kubernetes = plan.items.filter(i => i.step === 'kubernetes');
    expect(kubernetes).toEqual([
      expect.objectContaining({
        action: 'none',
        entityRef: 'component:default/forged',
        title: 'forged: not looked for on every cluster',
        note: expect.stringMatching(
          /its owner 'group:default\/storefront' is not a team Paasport knows/,
        ),
      }),
    ]);
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    const { server, catalog } = await startBackend();
    const plan = await preview(server, 'system/default/legacy');
    const post = (path: string, body: object, auth = alice) =>
      request(server)
        .post(`/api/decommission/entities/${path}/decommission`)
        .set('Authorization', auth)
        .send(body);

    expect(
      (
        await request(server)
          .get('/api/decommission/entities/group/default/storefront/preview')
          .set('Authorization', alice)
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .get('/api/decommission/entities/system/default/nope/preview')
          .set('Authorization', alice)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(server).get(
          '/api/decommission/entities/system/default/legacy/preview',
        )
      ).status,
    ).toBe(401);

    const wrongName = await post('system/default/legacy', {
      confirmation: 'Legacy',
      fingerprint: plan.fingerprint,
    });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.error.message).toMatch(/Type the name 'legacy'/);

    expect(
      (
        await post('system/default/legacy', {
          confirmation: 'legacy',
          fingerprint: 'abc',
        })
      ).status,
    ).toBe(400);

    const stale = await post('system/default/legacy', {
      confirmation: 'legacy',
      fingerprint: 'f'.repeat(64),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/changed since the preview/);

    const denied = await post(
      'system/default/legacy',
      { confirmation: 'legacy', fingerprint: plan.fingerprint },
      mallory,
    );
    expect(denied.status).toBe(403);

    expect(
      (
        await request(server)
          .get('/api/decommission/runs/not-a-uuid')
          .set('Authorization', alice)
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .get('/api/decommission/runs/6f1b5a0e-6d59-4a57-9c3b-2f0d4d7c9e11')
          .set('Authorization', alice)
      ).status,
    ).toBe(404);

    const runs = await request(server)
      .get('/api/decommission/entities/system/default/legacy/runs')
      .set('Authorization', alice);
    expect(runs.body).toEqual([]);
    expect(await catalog.getEntityByRef('system:default/legacy')).toBeDefined();
    expect(
      await catalog.getEntityByRef('component:default/legacy-api'),
    ).toBeDefined();
  });

  it('audits refusals and runs, and removes the catalog entries of a decommissioned System', async () => {
    const { server, catalog, audits } = await startBackend();
    const plan = await preview(server, 'system/default/legacy');
    await request(server)
      .post('/api/decommission/entities/system/default/legacy/decommission')
      .set('Authorization', mallory)
      .send({ confirmation: 'legacy', fingerprint: plan.fingerprint })
      .expect(403);
    expect(audits).toContainEqual(
      expect.objectContaining({
        eventId: 'decommission-start',
        severityLevel: 'high',
        outcome: 'fail',
        error: expect.stringMatching(
          /may not decommission system:default\/legacy/,
        ),
      }),
    );

    const started = await request(server)
      .post('/api/decommission/entities/system/default/legacy/decommission')
      .set('Authorization', alice)
      .send({ confirmation: 'legacy', fingerprint: plan.fingerprint });
    expect(started.status).toBe(202);
    expect(started.body.created).toBe(true);
    const run = await waitForRun(server, started.body.run.id);
    expect(run).toMatchObject({
      status: 'succeeded',
      actor: 'user:default/alice',
      summary: { done: 2, skipped: 3, failed: 0, pending: 0 },
    });
    // The start only recorded it; this replica's worker claimed and ran it.
    expect(run.history?.map(e => e.message)).toEqual([
      'started by user:default/alice',
      expect.stringMatching(/^claimed by worker \S+$/),
      'succeeded: 2 item(s) done',
    ]);
    // Where it acted and who held it stay inside the backend.
    expect(run).not.toHaveProperty('scope');
    expect(run).not.toHaveProperty('leaseOwner');
    expect(
      await catalog.getEntityByRef('system:default/legacy'),
    ).toBeUndefined();
    expect(
      await catalog.getEntityByRef('component:default/legacy-api'),
    ).toBeUndefined();
    // Outside the scope: untouched.
    expect(
      await catalog.getEntityByRef('component:default/billing-api'),
    ).toBeDefined();

    expect(audits).toContainEqual(
      expect.objectContaining({
        eventId: 'decommission-start',
        outcome: 'success',
        meta: expect.objectContaining({
          entityRef: 'system:default/legacy',
          runId: run.id,
        }),
      }),
    );
    expect(audits).toContainEqual(
      expect.objectContaining({
        eventId: 'decommission-run',
        outcome: 'success',
        meta: expect.objectContaining({
          actor: 'user:default/alice',
          removed: [
            'catalog:entity:component:default/legacy-api',
            'catalog:entity:system:default/legacy',
          ],
        }),
      }),
    );

    // The report stays after the entity is gone; a finished run is not retried.
    const runs = await request(server)
      .get('/api/decommission/entities/system/default/legacy/runs')
      .set('Authorization', alice);
    expect(runs.body.map((r: DecommissionRun) => r.id)).toEqual([run.id]);
    const retry = await request(server)
      .post(`/api/decommission/runs/${run.id}/retry`)
      .set('Authorization', alice);
    expect(retry.status).toBe(409);
  });
});
