import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import {
  KubernetesClusters,
  KubernetesIdentities,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { ReleaseMarker, RollbackStatus } from '@paasport/plugin-console-common';
import request from 'supertest';
import {
  patchDeployment,
  readDeploymentState,
  rollbackPatch,
} from './rollback/deploymentRollback';
import { cacheAtRevision } from './__testUtils__/backend';
import {
  devcluster,
  eventually,
  waitForRollout,
} from './__testUtils__/devcluster';
import {
  APP,
  appImage,
  useRollbackFixture,
} from './__testUtils__/rollbackFixture';

// Mutates only its own namespace on the devcluster's `dev`; fails if it is down.
jest.setTimeout(600_000);

describe('console backend: rollback on a real cluster', () => {
  const it_ = useRollbackFixture();

  it('relies on the API server to refuse a patch when the Deployment changed in between', async () => {
    // The race a check before the patch cannot see: a change between read and patch.
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
    const { deployment, revisions } = await readDeploymentState(
      dev,
      it_.namespace,
      APP,
    );
    await it_.mergePatch({
      metadata: { annotations: { 'console-it/touched': 'yes' } },
    });
    const touched = await it_.read();
    const patch = rollbackPatch({
      deployment,
      target: revisions.get(1)!,
      resourceVersion: deployment.metadata.resourceVersion,
      changeCause: 'never applied',
    });
    await expect(
      patchDeployment(dev, it_.namespace, APP, patch),
    ).rejects.toThrow(ConflictError);
    await it_.expectUnchanged(touched);
  });

  it('rolls back like kubectl rollout undo, follows the rollout to success, and audits it', async () => {
    const seen = await it_.releases();
    const res = await it_.rollback({
      toRevision: 1,
      resourceVersion: seen.resourceVersion,
    });
    expect(res.status).toBe(202);
    const started = res.body.rollback as RollbackStatus;
    expect(started).toMatchObject({
      status: 'progressing',
      fromRevision: 3,
      toRevision: 1,
      actor: 'user:default/alice',
      entityRef: `component:default/${APP}`,
    });

    const done = await eventually(
      async () => {
        const status = (
          await request(it_.server).get(`/api/console/rollbacks/${started.id}`)
        ).body as RollbackStatus;
        return status.status !== 'progressing' && status;
      },
      180_000,
      'the rollback rollout',
    );
    expect(done).toMatchObject({ status: 'succeeded', newRevision: 4 });
    expect(done.finishedAt).toBeDefined();

    const after = await waitForRollout(it_.admin, it_.namespace, APP);
    expect(after.spec.template.spec?.containers[0].image).toBe(
      appImage('1.0.0'),
    );
    expect(after.metadata.annotations?.['kubernetes.io/change-cause']).toBe(
      'rollback to revision 1 by user:default/alice: errors after deploy',
    );
    const pods = await it_.admin.core.listNamespacedPod({
      namespace: it_.namespace,
    });
    const running = pods.items.filter(
      p => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp,
    );
    expect(running.map(p => p.spec?.containers[0].image)).toEqual([
      appImage('1.0.0'),
      appImage('1.0.0'),
    ]);

    // As with kubectl: revision 1 becomes revision 4.
    const history = await cacheAtRevision(it_.releases, 4);
    expect(history.revisions.map(r => r.revision)).toEqual([4, 3, 2]);
    expect(history.revisions[0]).toMatchObject({
      status: 'current',
      images: [appImage('1.0.0')],
    });

    expect(it_.audits.at(-1)).toMatchObject({
      eventId: 'workload-rollback',
      severityLevel: 'high',
      outcome: 'success',
      meta: {
        cluster: 'dev',
        namespace: it_.namespace,
        workload: `Deployment/${APP}`,
        fromRevision: 3,
        toRevision: 1,
        reason: 'errors after deploy',
        outcome: 'started',
        rollbackId: started.id,
      },
    });
  });

  it('answers a rollback to the template already running with a no-op', async () => {
    const seen = await it_.releases();
    const res = await it_.rollback({
      toRevision: 4,
      resourceVersion: seen.resourceVersion,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'noop', currentRevision: 4 });
    const missing = await it_.rollback({
      toRevision: 1,
      resourceVersion: seen.resourceVersion,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(
      /no revision 1 \(kept: 2, 3, 4\)/,
    );
  });

  it('marks releases on the metrics of the workload', async () => {
    const res = await request(it_.server).get(
      `/api/console/entities/component/default/${APP}/metrics?cluster=dev&workload=${APP}&range=1h`,
    );
    expect(res.status).toBe(200);
    const markers = res.body.markers as ReleaseMarker[];
    expect(markers.map(m => [m.kind, m.revision, m.images[0]])).toEqual([
      ['release', 1, appImage('1.0.0')],
      ['release', 2, appImage('1.1.0')],
      ['release', 3, appImage('1.2.0')],
      ['rollback', 4, appImage('1.0.0')],
    ]);
    expect(markers[3].toRevision).toBe(1);
  });
});
