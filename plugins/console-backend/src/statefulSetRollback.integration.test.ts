import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import {
  KubernetesClusters,
  KubernetesIdentities,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import {
  ClusterReleases,
  ReleasesResponse,
  RollbackStatus,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import request from 'supertest';
import { StatefulSet } from './cache/types';
import {
  patchStatefulSet,
  readStatefulSetState,
  statefulSetRollbackPatch,
} from './rollback/statefulSetRollback';
import {
  AuditRecord,
  cacheAtRevision,
  component,
  startConsoleBackend,
} from './__testUtils__/backend';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  devcluster,
  eventually,
  readRawStatefulSet,
  rollOutStatefulSet,
  testStatefulSet,
  waitForStatefulSetRollout,
} from './__testUtils__/devcluster';

// Mutates only a namespace of its own on the devcluster's `dev`, deleted
// afterwards; fails if the clusters are down.
jest.setTimeout(600_000);

const DB = 'it-db';
const image = (version: string) =>
  `registry.paasport.dev/console-it/${DB}:${version}`;

describe('console backend: StatefulSet rollback on a real cluster', () => {
  let admin: AdminApis;
  let namespace = '';
  let server: Awaited<ReturnType<typeof startConsoleBackend>>['server'];
  let audits: AuditRecord[];
  let stop = async () => {};

  const releases = async (): Promise<WorkloadReleases> => {
    const res = await request(server).get(
      `/api/console/entities/component/default/${DB}/releases?cluster=dev`,
    );
    expect(res.status).toBe(200);
    return ((res.body as ReleasesResponse).clusters[0] as ClusterReleases)
      .workloads[0];
  };
  const rollback = (body: object, user = 'alice') =>
    request(server)
      .post(`/api/console/entities/component/default/${DB}/rollback`)
      .set({
        Authorization: mockCredentials.user.header(`user:default/${user}`),
      })
      .send({
        cluster: 'dev',
        namespace,
        kind: 'StatefulSet',
        name: DB,
        reason: 'ledger writes failing',
        ...body,
      });
  const read = () => readRawStatefulSet(admin, namespace, DB);
  const expectUnchanged = async (before: StatefulSet) => {
    const now = await read();
    expect(now.metadata.generation).toBe(before.metadata.generation);
    expect(now.spec.template).toEqual(before.spec.template);
    expect(now.metadata.annotations?.['kubernetes.io/change-cause']).toBe(
      before.metadata.annotations?.['kubernetes.io/change-cause'],
    );
  };
  const mergePatch = (body: object) =>
    admin.apps.patchNamespacedStatefulSet(
      { name: DB, namespace, body },
      admin.k8s.setHeaderOptions(
        'Content-Type',
        admin.k8s.PatchStrategy.MergePatch,
      ),
    );

  beforeAll(async () => {
    admin = await adminApis('dev');
    namespace = await createTestNamespace(admin, 'console-sts');
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
      await rollOutStatefulSet(admin, testStatefulSet(namespace, DB, version));
    }
    const started = await startConsoleBackend({
      entities: [component(DB, namespace)],
    });
    server = started.server;
    audits = started.audits;
    stop = () => started.backend.stop();
    await eventually(
      async () => (await releases())?.revisions.length === 3,
      20_000,
      'the cache to see 3 ControllerRevisions',
    );
  });

  afterAll(async () => {
    await stop();
    if (namespace) await admin.core.deleteNamespace({ name: namespace });
  });

  it('refuses a stale resourceVersion (409) and a user without permission (403), changing nothing', async () => {
    const before = await read();
    const stale = await rollback({
      toRevision: 1,
      resourceVersion: String(Number(before.metadata.resourceVersion) - 1),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      new RegExp(`StatefulSet ${namespace}/${DB} changed since it was loaded`),
    );
    const denied = await rollback(
      { toRevision: 1, resourceVersion: before.metadata.resourceVersion },
      'mallory',
    );
    expect(denied.status).toBe(403);
    await expectUnchanged(before);
    expect(audits.at(-1)).toMatchObject({
      eventId: 'workload-rollback',
      outcome: 'fail',
      meta: { workload: `StatefulSet/${DB}`, toRevision: 1 },
    });
  });

  it('relies on the API server to refuse the patch when the StatefulSet changed in between', async () => {
    const { data } = await devcluster();
    const dev = new KubernetesObjects(
      KubernetesClusters.fromConfig(new ConfigReader(data as any)).get('dev')!,
      {
        // As the rollback sends it: as a member of the namespace's team (the
        // portal's own token writes nothing).
        as: new KubernetesIdentities().person('user:default/alice', [
          'group:default/console-it',
        ]),
        fieldManager: 'console-it',
      },
    );
    const { statefulSet, revisions } = await readStatefulSetState(
      dev,
      namespace,
      DB,
    );
    await mergePatch({
      metadata: { annotations: { 'console-it/touched': 'yes' } },
    });
    const touched = await read();
    const patch = statefulSetRollbackPatch({
      revision: revisions.get(1)!,
      resourceVersion: statefulSet.metadata.resourceVersion,
      changeCause: 'never applied',
    });
    await expect(patchStatefulSet(dev, namespace, DB, patch)).rejects.toThrow(
      ConflictError,
    );
    await expectUnchanged(touched);
  });

  it('refuses a Helm-managed StatefulSet unless an admin forces it', async () => {
    await mergePatch({
      metadata: { labels: { 'app.kubernetes.io/managed-by': 'Helm' } },
    });
    try {
      const before = await read();
      const { resourceVersion } = before.metadata;
      const refused = await rollback({ toRevision: 1, resourceVersion });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /managed by Helm.*An admin can force it/,
      );
      const notAdmin = await rollback({
        toRevision: 1,
        resourceVersion,
        force: true,
      });
      expect(notAdmin.status).toBe(403);
      await expectUnchanged(before);
      // The admin gets past both checks; the current template is a no-op.
      const forced = await rollback(
        { toRevision: 3, resourceVersion, force: true },
        'admin',
      );
      expect(forced.status).toBe(200);
      expect(forced.body).toMatchObject({
        outcome: 'noop',
        currentRevision: 3,
      });
    } finally {
      await mergePatch({
        metadata: { labels: { 'app.kubernetes.io/managed-by': null } },
      });
    }
  });

  it('tells the UI an OnDelete StatefulSet would not roll out, and refuses its rollback', async () => {
    await mergePatch({
      spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } },
    });
    try {
      const shown = await eventually(
        async () => (await releases()).rollbackWouldNotRollOut,
        20_000,
        'the releases to show the OnDelete strategy',
      );
      expect(shown).toMatch(/uses the OnDelete update strategy/);
      const before = await read();
      const refused = await rollback({
        toRevision: 1,
        resourceVersion: before.metadata.resourceVersion,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(shown);
      await expectUnchanged(before);
    } finally {
      await admin.apps.patchNamespacedStatefulSet(
        {
          name: DB,
          namespace,
          body: { spec: { updateStrategy: { type: 'RollingUpdate' } } },
        },
        admin.k8s.setHeaderOptions(
          'Content-Type',
          admin.k8s.PatchStrategy.StrategicMergePatch,
        ),
      );
    }
    // Back as it was, and settled: the controller writes the StatefulSet's
    // status after the switch, and the next test sends the resourceVersion
    // the cache shows, which must be the API server's.
    await eventually(
      async () => {
        const [shown, raw] = await Promise.all([releases(), read()]);
        return (
          shown.rollbackWouldNotRollOut === undefined &&
          raw.status?.observedGeneration === raw.metadata.generation &&
          shown.resourceVersion === raw.metadata.resourceVersion
        );
      },
      20_000,
      'the releases to drop the OnDelete reason and catch up',
    );
  });

  it('rolls back to a ControllerRevision like kubectl rollout undo, follows the rollout until the pods are ready, and audits it', async () => {
    const seen = await releases();
    expect(seen).toMatchObject({
      kind: 'StatefulSet',
      currentRevision: 3,
      containers: ['db'],
    });
    const res = await rollback({
      toRevision: 1,
      resourceVersion: seen.resourceVersion,
    });
    expect(res.status).toBe(202);
    const started = res.body.rollback as RollbackStatus;
    expect(started).toMatchObject({
      kind: 'StatefulSet',
      status: 'progressing',
      fromRevision: 3,
      toRevision: 1,
      actor: 'user:default/alice',
    });

    const done = await eventually(
      async () => {
        const status = (
          await request(server).get(`/api/console/rollbacks/${started.id}`)
        ).body as RollbackStatus;
        return status.status !== 'progressing' && status;
      },
      180_000,
      'the StatefulSet rollback rollout',
    );
    // As with kubectl: revision 1's ControllerRevision becomes revision 4.
    expect(done).toMatchObject({ status: 'succeeded', newRevision: 4 });

    const after = await waitForStatefulSetRollout(admin, namespace, DB);
    expect(after.spec.template.spec?.containers[0]).toMatchObject({
      image: image('1.0.0'),
      env: [{ name: 'DB_VERSION', value: '1.0.0' }],
    });
    expect(after.metadata.annotations?.['kubernetes.io/change-cause']).toBe(
      'rollback to revision 1 by user:default/alice: ledger writes failing',
    );
    const pods = await admin.core.listNamespacedPod({ namespace });
    const running = pods.items.filter(
      p => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp,
    );
    expect(
      running.map(p => [p.metadata?.name, p.spec?.containers[0].image]).sort(),
    ).toEqual([
      [`${DB}-0`, image('1.0.0')],
      [`${DB}-1`, image('1.0.0')],
    ]);

    const history = await cacheAtRevision(releases, 4);
    expect(history.revisions.map(r => r.revision)).toEqual([4, 3, 2]);
    expect(history.revisions[0]).toMatchObject({
      status: 'current',
      images: [image('1.0.0')],
      replicas: { desired: 2, ready: 2 },
    });

    expect(audits.at(-1)).toMatchObject({
      eventId: 'workload-rollback',
      severityLevel: 'high',
      outcome: 'success',
      meta: {
        cluster: 'dev',
        namespace,
        workload: `StatefulSet/${DB}`,
        fromRevision: 3,
        toRevision: 1,
        reason: 'ledger writes failing',
        outcome: 'started',
        rollbackId: started.id,
      },
    });
  });
});
