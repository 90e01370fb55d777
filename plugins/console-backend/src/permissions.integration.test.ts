import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ClusterReleases,
  ReleasesResponse,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import request from 'supertest';
import { Deployment } from './cache/types';
import { AuditRecord, declaredComponent } from './__testUtils__/backend';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  eventually,
  readRaw,
  rollOut,
  testDeployment,
  waitForRollout,
} from './__testUtils__/devcluster';
import { group, startPolicyBackend, user } from './__testUtils__/policyBackend';

// The permission checks of the console through the real permission backend,
// Paasport policy and catalog ownership rule, against Deployments in a
// namespace of its own on the devcluster's `dev` (deleted afterwards).
jest.setTimeout(600_000);

const APP = 'it-perm';
const HELM_APP = 'it-perm-helm';
const OWNER = 'group:default/console-owners';
const image = (name: string, version: string) =>
  `registry.paasport.dev/console-it/${name}:${version}`;

describe('console backend permissions through the Paasport policy', () => {
  let admin: AdminApis;
  let namespace = '';
  let server: Awaited<ReturnType<typeof startPolicyBackend>>['server'];
  let audits: AuditRecord[];
  let stop = async () => {};

  const releases = async (name: string): Promise<WorkloadReleases> => {
    const res = await request(server)
      .get(`/api/console/entities/component/default/${name}/releases`)
      .set({
        Authorization: mockCredentials.user.header('user:default/mallory'),
      });
    expect(res.status).toBe(200);
    return ((res.body as ReleasesResponse).clusters[0] as ClusterReleases)
      .workloads[0];
  };
  const rollback = async (
    as: string,
    name: string,
    body: { toRevision: number; force?: boolean },
  ) => {
    const { resourceVersion } = (await readRaw(admin, namespace, name))
      .metadata;
    return request(server)
      .post(`/api/console/entities/component/default/${name}/rollback`)
      .set({ Authorization: mockCredentials.user.header(`user:default/${as}`) })
      .send({
        cluster: 'dev',
        namespace,
        kind: 'Deployment',
        name,
        resourceVersion,
        reason: 'release broke checkout',
        ...body,
      });
  };
  const expectUnchanged = async (before: Deployment) => {
    const now = await readRaw(admin, namespace, before.metadata.name);
    expect(now.metadata.generation).toBe(before.metadata.generation);
    expect(now.spec.template).toEqual(before.spec.template);
  };
  const expectRolledBackTo = async (name: string, version: string) => {
    const after = await waitForRollout(admin, namespace, name);
    expect(after.spec.template.spec?.containers[0].image).toBe(
      image(name, version),
    );
  };

  beforeAll(async () => {
    admin = await adminApis('dev');
    namespace = await createTestNamespace(
      admin,
      'console-policy',
      'console-owners',
    );
    for (const name of [APP, HELM_APP]) {
      for (const version of ['1.0.0', '1.1.0']) {
        await rollOut(admin, testDeployment(namespace, name, version));
      }
    }
    await admin.apps.patchNamespacedDeployment(
      {
        name: HELM_APP,
        namespace,
        body: {
          metadata: { labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
        },
      },
      admin.k8s.setHeaderOptions(
        'Content-Type',
        admin.k8s.PatchStrategy.MergePatch,
      ),
    );
    const started = await startPolicyBackend({
      entities: [
        group('console-owners', 'team', namespace),
        group('others'),
        group('admins', 'role'),
        user('alice', ['console-owners']),
        user('mallory', ['others']),
        user('root', ['admins']),
        declaredComponent(APP, namespace, { owner: OWNER }),
        declaredComponent(HELM_APP, namespace, { owner: OWNER }),
      ],
    });
    server = started.server;
    audits = started.audits;
    stop = () => started.backend.stop();
    // The catalog processes and stitches the entities in the background:
    // wait for the relations the decisions depend on.
    await eventually(
      async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/user/default/root')
          .set({ Authorization: mockCredentials.user.header() });
        return res.body?.relations?.some(
          (r: { type: string }) => r.type === 'memberOf',
        );
      },
      60_000,
      'the catalog to process the test entities',
    );
    await eventually(
      async () => (await releases(HELM_APP))?.owner.manager === 'helm',
      30_000,
      'the console cache to see the test Deployments',
    );
  });

  afterAll(async () => {
    await stop();
    if (namespace) await admin.core.deleteNamespace({ name: namespace });
  });

  it('refuses a user who does not own the entity with 403, audited, and changes nothing', async () => {
    const before = await readRaw(admin, namespace, APP);
    const res = await rollback('mallory', APP, { toRevision: 1 });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: `Not allowed: console.workload.rollback on component:default/${APP}`,
    });
    await expectUnchanged(before);
    expect(audits.at(-1)).toMatchObject({
      eventId: 'workload-rollback',
      outcome: 'fail',
      meta: { workload: `Deployment/${APP}`, toRevision: 1 },
    });
  });

  it('lets an owner, through group membership, roll back', async () => {
    const res = await rollback('alice', APP, { toRevision: 1 });
    expect(res.status).toBe(202);
    expect(res.body.rollback).toMatchObject({
      actor: 'user:default/alice',
      forced: false,
    });
    await expectRolledBackTo(APP, '1.0.0');
  });

  it('lets only an admin force the rollback of a Helm-managed workload', async () => {
    const before = await readRaw(admin, namespace, HELM_APP);
    // The owner may roll back, but not force past Helm.
    const refused = await rollback('alice', HELM_APP, { toRevision: 1 });
    expect(refused.status).toBe(409);
    const notForced = await rollback('alice', HELM_APP, {
      toRevision: 1,
      force: true,
    });
    expect(notForced.status).toBe(403);
    expect(notForced.body.error.message).toBe(
      'Not allowed: console.workload.forceRollback',
    );
    await expectUnchanged(before);

    // An admin who owns nothing: allowed by the admins group.
    const forced = await rollback('root', HELM_APP, {
      toRevision: 1,
      force: true,
    });
    expect(forced.status).toBe(202);
    expect(forced.body.rollback).toMatchObject({
      actor: 'user:default/root',
      forced: true,
    });
    await expectRolledBackTo(HELM_APP, '1.0.0');
    expect(audits.at(-1)).toMatchObject({
      eventId: 'workload-rollback',
      outcome: 'success',
      meta: { force: true, owner: 'helm', workload: `Deployment/${HELM_APP}` },
    });
  });
});
