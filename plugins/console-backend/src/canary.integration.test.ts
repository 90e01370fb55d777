import { mockCredentials } from '@backstage/backend-test-utils';
import { CanaryDetail } from '@paasport/plugin-console-common';
import request from 'supertest';
import { TaskScheduler } from './__testUtils__/taskScheduler';
import { deployCanaryApp } from './__testUtils__/canaryApp';
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
  readRaw,
} from './__testUtils__/devcluster';

// Mutates only its own namespace on the devcluster's `dev`, where the
// exporter makes metrics for every running pod and Prometheus scrapes them
// every 5 s; fails if the devcluster is down.
jest.setTimeout(900_000);

/**
 * One Deployment per test (4 replicas, each behind its Service), so a test
 * that fails mid-canary leaves nothing in the way of the next.
 */
const APPS = [
  'canary-refused',
  'canary-bad',
  'canary-good',
  'canary-hand',
  'canary-changed',
  'canary-helm',
  'canary-quiet',
  'canary-hpa',
  'canary-demo-bad',
];
const image = (app: string, version: string) =>
  `registry.paasport.dev/console-it/${app}:${version}`;
/** The share of 5xx the devcluster exporter gives a pod. */
const ERROR_RATE = 'devcluster.paasport.io/error-rate';
/** The exporter's traffic profile of a pod: `worker` serves no requests. */
const PROFILE = 'devcluster.paasport.io/profile';

/** Short steps and a short window, so a canary runs in a couple of minutes. */
/** Where a canary is, for a test that times out waiting for it. */
const whereIs = (canary: CanaryDetail) =>
  JSON.stringify({
    phase: canary.phase,
    message: canary.message,
    replicas: canary.replicas,
    actualWeight: canary.actualWeight,
    events: canary.events?.slice(-3).map(e => `${e.kind}: ${e.message}`),
  });

const spec = (changes: object) => ({
  ...changes,
  steps: [{ weight: 50, pause: { seconds: 60 } }, { weight: 100 }],
  analysis: {
    intervalSeconds: 15,
    windowSeconds: 60,
    minSamples: 4,
    alpha: 0.1,
    minRequests: 50,
  },
});

describe('console backend: canary releases on a real cluster', () => {
  let admin: AdminApis;
  let namespace: string;
  let server: Awaited<ReturnType<typeof startConsoleBackend>>['server'];
  let audits: AuditRecord[];
  let stop = async () => {};
  // The backend's canary task, run every second as a replica's scheduler
  // would (the test backend's scheduler runs nothing by itself).
  const scheduler = new TaskScheduler();
  let ticking: NodeJS.Timeout | undefined;

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${user}`),
  });
  const start = (app: string, body: object, user = 'alice') =>
    request(server)
      .post(`/api/console/entities/component/default/${app}/canaries`)
      .set(as(user))
      .send({
        cluster: 'dev',
        namespace,
        name: app,
        reason: 'release 2.0.0',
        ...body,
      });
  const read = async (id: string) =>
    (await request(server).get(`/api/console/canaries/${id}`).set(as('alice')))
      .body as CanaryDetail;
  const act = (id: string, action: string, user = 'alice') =>
    request(server)
      .post(`/api/console/canaries/${id}/actions`)
      .set(as(user))
      .send({ action, comment: 'by hand' });
  const finished = (id: string, timeoutMs = 420_000) =>
    eventually(
      async () => {
        const canary = await read(id);
        if (canary.finishedAt) return canary;
        throw new Error(whereIs(canary));
      },
      timeoutMs,
      `canary ${id} to finish`,
    );
  const canaryDeployment = (app: string) =>
    admin.apps
      .readNamespacedDeployment({ name: `${app}-canary`, namespace })
      .then(
        d => d,
        () => undefined,
      );

  beforeAll(async () => {
    admin = await adminApis('dev');
    namespace = await createTestNamespace(admin, 'canary-it');
    for (const app of APPS) {
      await deployCanaryApp(admin, namespace, app);
    }
    const started = await startConsoleBackend({
      entities: [
        system('canary-it'),
        ...APPS.map(app => component(app, namespace, 'canary-it')),
      ],
      scheduler,
    });
    server = started.server;
    audits = started.audits;
    stop = () => started.backend.stop();
    ticking = setInterval(
      () => scheduler.runTask('console-canary-ticks').catch(() => {}),
      1000,
    );
  });

  afterAll(async () => {
    clearInterval(ticking);
    await stop();
    if (namespace) await admin.core.deleteNamespace({ name: namespace });
  });

  it("refuses another team's member and a bad request, changing nothing", async () => {
    const APP = 'canary-refused';
    const before = await readRaw(admin, namespace, APP);
    const bob = await start(
      APP,
      { spec: spec({ images: { app: image(APP, '2.0.0') } }) },
      'bob',
    );
    expect(bob.status).toBe(403);
    const typo = await start(APP, {
      spec: spec({ images: { api: image(APP, '2.0.0') } }),
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toMatch(
      /no container "api"; its containers are "app"/,
    );
    const steps = await start(APP, {
      spec: { images: { app: image(APP, '2.0.0') }, steps: [{ weight: 50 }] },
    });
    expect(steps.status).toBe(400);
    expect(steps.body.error.message).toMatch(/last step must have weight 100/);
    expect(await canaryDeployment(APP)).toBeUndefined();
    const after = await readRaw(admin, namespace, APP);
    expect(after.metadata.generation).toBe(before.metadata.generation);
  });

  it('aborts a canary whose error rate is worse, leaving the stable Deployment as it was', async () => {
    const APP = 'canary-bad';
    const before = await readRaw(admin, namespace, APP);
    const res = await start(APP, {
      spec: spec({
        images: { app: image(APP, '2.0.0-bad') },
        annotations: { [ERROR_RATE]: '0.4' },
      }),
    });
    expect(res.status).toBe(201);
    const started = res.body as CanaryDetail;
    expect(started).toMatchObject({
      phase: 'scaling',
      targetWeight: 50,
      canaryName: `${APP}-canary`,
    });
    expect(audits.some(a => a.eventId === 'workload-canary-start')).toBe(true);

    // Another team's member can neither see nor stop it.
    const bobAbort = await act(started.id, 'abort', 'bob');
    expect([403, 404]).toContain(bobAbort.status);

    // While it runs: the canary's pods are behind the same Service.
    const running = await eventually(
      async () => {
        const canary = await read(started.id);
        const { replicas } = canary;
        if (
          replicas?.canary?.ready === 2 &&
          replicas.stable.desired === 2 &&
          canary.actualWeight === 50
        ) {
          return canary;
        }
        // Said when the wait times out.
        throw new Error(whereIs(canary));
      },
      120_000,
      'the canary pods to be ready endpoints',
    );
    expect(running).toMatchObject({ targetWeight: 50, actualWeight: 50 });
    // The System's fleet view finds it in one request for the System.
    const fleet = await request(server)
      .get('/api/console/entities/system/default/canary-it/canaries')
      .set(as('alice'));
    expect(fleet.status).toBe(200);
    expect(
      (fleet.body.canaries as CanaryDetail[])
        .filter(c => !c.finishedAt)
        .map(c => c.id),
    ).toContain(started.id);

    const done = await finished(started.id);
    expect(done).toMatchObject({ phase: 'aborted', outcome: 'aborted' });
    const failed = done.verdicts.find(v => v.verdict.outcome === 'fail');
    expect(failed).toBeDefined();
    const errorRate = failed!.verdict.metrics.find(
      m => m.name === 'error rate',
    )!;
    expect(errorRate.outcome).toBe('fail');
    expect(errorRate.canary.median!).toBeGreaterThan(
      errorRate.stable.median! + 10,
    );
    expect(errorRate.test!.pValue).toBeLessThan(0.1);
    expect(errorRate.queries.canary).toContain(`${APP}-canary`);

    expect(await canaryDeployment(APP)).toBeUndefined();
    const after = await readRaw(admin, namespace, APP);
    expect(after.spec.template).toEqual(before.spec.template);
    expect(after.spec.replicas).toBe(4);
  });

  it('promotes a healthy canary: the stable Deployment takes its template in one change and the canary is removed', async () => {
    const APP = 'canary-good';
    const res = await start(APP, {
      spec: spec({ images: { app: image(APP, '2.0.0') } }),
    });
    expect(res.status).toBe(201);
    const started = res.body as CanaryDetail;

    // A second canary of the same Deployment is refused while one runs.
    const second = await start(APP, {
      spec: spec({ images: { app: image(APP, '2.0.1') } }),
    });
    expect(second.status).toBe(409);

    const done = await finished(started.id);
    expect(done).toMatchObject({ phase: 'succeeded', outcome: 'promoted' });
    expect(done.verdicts.map(v => v.verdict.outcome)).toContain('pass');
    const after = await readRaw(admin, namespace, APP);
    expect(after.spec.template.spec?.containers[0].image).toBe(
      image(APP, '2.0.0'),
    );
    expect(
      after.spec.template.metadata?.labels?.['paasport.io/track'],
    ).toBeUndefined();
    expect(after.spec.replicas).toBe(4);
    expect(await canaryDeployment(APP)).toBeUndefined();
  });

  it('lets a member pause, resume and abort by hand', async () => {
    const APP = 'canary-hand';
    const res = await start(APP, {
      spec: spec({ images: { app: image(APP, '3.0.0') } }),
    });
    expect(res.status).toBe(201);
    const { id } = res.body as CanaryDetail;
    const paused = await act(id, 'pause');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      phase: 'paused',
      pause: { kind: 'person' },
    });
    expect((await act(id, 'pause')).status).toBe(409);
    expect((await act(id, 'resume')).status).toBe(200);
    // The canary Deployment is the canary's: no rollback of it.
    const live = await canaryDeployment(APP);
    const rollback = await request(server)
      .post(`/api/console/entities/component/default/${APP}/rollback`)
      .set(as('alice'))
      .send({
        cluster: 'dev',
        namespace,
        kind: 'Deployment',
        name: `${APP}-canary`,
        toRevision: 1,
        resourceVersion: live!.metadata!.resourceVersion!,
        reason: 'not allowed',
      });
    expect(rollback.status).toBe(409);
    expect(rollback.body.error.message).toMatch(/abort or promote the canary/);
    const aborted = await act(id, 'abort');
    expect(aborted.status).toBe(200);
    const done = await finished(id, 180_000);
    expect(done.outcome).toBe('aborted');
    expect(done.events.map(e => e.kind)).toEqual(
      expect.arrayContaining(['started', 'paused', 'resumed', 'aborted']),
    );
    expect(await canaryDeployment(APP)).toBeUndefined();
    const after = await readRaw(admin, namespace, APP);
    expect(after.spec.template.spec?.containers[0].image).toBe(
      image(APP, '1.0.0'),
    );
    expect(after.spec.replicas).toBe(4);
  });

  it('pauses when someone changes the stable Deployment meanwhile, and an abort keeps their change', async () => {
    const APP = 'canary-changed';
    const res = await start(APP, {
      spec: spec({ images: { app: image(APP, '2.0.0') } }),
    });
    expect(res.status).toBe(201);
    const { id } = res.body as CanaryDetail;
    await admin.apps.patchNamespacedDeployment(
      {
        name: APP,
        namespace,
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'app', env: [{ name: 'HOTFIX', value: '1' }] },
                ],
              },
            },
          },
        },
      },
      // Strategic merge: the container is matched by name.
      admin.k8s.setHeaderOptions(
        'Content-Type',
        admin.k8s.PatchStrategy.StrategicMergePatch,
      ),
    );
    const paused = await eventually(
      async () => {
        const canary = await read(id);
        if (canary.pause?.kind === 'stableChanged') return canary;
        throw new Error(whereIs(canary));
      },
      60_000,
      'the canary to pause for the change',
    );
    expect(paused.phase).toBe('paused');
    expect(paused.allowedActions).not.toContain('promote');
    expect((await act(id, 'promote')).status).toBe(409);
    expect((await act(id, 'abort')).status).toBe(200);
    await finished(id, 180_000);
    expect(await canaryDeployment(APP)).toBeUndefined();
    const after = await readRaw(admin, namespace, APP);
    const env = after.spec.template.spec?.containers[0].env as Array<{
      name: string;
    }>;
    expect(env.map(e => e.name)).toContain('HOTFIX');
    expect(after.spec.template.spec?.containers[0].image).toBe(
      image(APP, '1.0.0'),
    );
  });

  it('refuses a Deployment that Helm manages, with guidance, making nothing', async () => {
    const APP = 'canary-helm';
    await admin.apps.patchNamespacedDeployment(
      {
        name: APP,
        namespace,
        body: {
          metadata: {
            labels: { 'app.kubernetes.io/managed-by': 'Helm' },
            annotations: { 'meta.helm.sh/release-name': 'shop' },
          },
        },
      },
      admin.k8s.setHeaderOptions(
        'Content-Type',
        admin.k8s.PatchStrategy.MergePatch,
      ),
    );
    const res = await start(APP, {
      spec: spec({ images: { app: image(APP, '2.0.0') } }),
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /managed by Helm release 'shop'.*release it through Helm/,
    );
    expect(await canaryDeployment(APP)).toBeUndefined();
  });
  it('judges a canary without traffic inconclusive and waits for a person at each step, whose replicas follow the ratio rule', async () => {
    const APP = 'canary-quiet';
    // What replicasForWeight gives 4 replicas, worked out by hand: the
    // nearest whole share, halves up, never 0 on either side below 100.
    const expected = [
      { weight: 25, canary: 1, stable: 3 },
      { weight: 50, canary: 2, stable: 2 },
      { weight: 75, canary: 3, stable: 1 },
    ];
    // Every pod count the admin sees while the canary runs: the tracks
    // together never exceed 4 by more than the stable's surge (25 %: 1).
    let most = 0;
    const watching = setInterval(async () => {
      try {
        const [stable, canary] = await Promise.all([
          readRaw(admin, namespace, APP),
          canaryDeployment(APP),
        ]);
        most = Math.max(
          most,
          (stable.spec.replicas ?? 0) + (canary?.spec?.replicas ?? 0),
        );
      } catch {
        // A read that failed counts nothing; the next one will.
      }
    }, 250);
    try {
      const res = await start(APP, {
        spec: {
          images: { app: image(APP, '2.0.0') },
          // The canary's pods serve nothing, the stable's serve as before.
          annotations: { [PROFILE]: 'worker' },
          steps: [
            ...expected.map(e => ({ weight: e.weight, pause: { seconds: 1 } })),
            { weight: 100 },
          ],
          analysis: {
            intervalSeconds: 5,
            windowSeconds: 30,
            minSamples: 4,
            minRequests: 50,
          },
        },
      });
      // The body says why, should it be refused.
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 201,
      });
      const { id } = res.body as CanaryDetail;
      for (const [stepIndex, step] of expected.entries()) {
        const paused = await eventually(
          async () => {
            const canary = await read(id);
            if (
              canary.stepIndex === stepIndex &&
              canary.pause?.kind === 'inconclusive'
            ) {
              return canary;
            }
            throw new Error(whereIs(canary));
          },
          120_000,
          `step ${stepIndex + 1} to be judged inconclusive`,
        );
        expect(paused.phase).toBe('paused');
        expect(paused.allowedActions).toEqual(
          expect.arrayContaining(['resume', 'promote', 'abort']),
        );
        const last = paused.verdicts[paused.verdicts.length - 1];
        expect(last.stepIndex).toBe(stepIndex);
        expect(last.verdict.outcome).toBe('inconclusive');
        // Never a pass on too little data.
        expect(paused.verdicts.map(v => v.verdict.outcome)).not.toContain(
          'pass',
        );
        expect(paused.replicas).toMatchObject({
          canary: { desired: step.canary, ready: step.canary },
          stable: { desired: step.stable, ready: step.stable },
        });
        const [stable, canary] = await Promise.all([
          readRaw(admin, namespace, APP),
          canaryDeployment(APP),
        ]);
        expect([canary?.spec?.replicas, stable.spec.replicas]).toEqual([
          step.canary,
          step.stable,
        ]);
        expect((await act(id, 'resume')).status).toBe(200);
      }
      const done = await finished(id, 180_000);
      expect(done).toMatchObject({ phase: 'succeeded', outcome: 'promoted' });
      expect(done.verdicts.map(v => [v.stepIndex, v.verdict.outcome])).toEqual(
        expected.map((_, i) => [i, 'inconclusive']),
      );
      const after = await readRaw(admin, namespace, APP);
      expect(after.spec.replicas).toBe(4);
      expect(after.spec.template.spec?.containers[0].image).toBe(
        image(APP, '2.0.0'),
      );
    } finally {
      clearInterval(watching);
    }
    expect(most).toBeGreaterThanOrEqual(4);
    expect(most).toBeLessThanOrEqual(5);
  });
  it("holds the stable's HorizontalPodAutoscaler while the canary runs, and gives it back as it was", async () => {
    const APP = 'canary-hpa';
    // minReplicas 3 of 4: at 50 % the stable runs 2, below it. Kubernetes'
    // autoscaler restores its bounds every 15 s whatever its metrics say
    // (there are none here), so an unheld one would scale the stable back.
    const created =
      await admin.autoscaling.createNamespacedHorizontalPodAutoscaler({
        namespace,
        body: {
          metadata: { name: APP },
          spec: {
            scaleTargetRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: APP,
            },
            minReplicas: 3,
            maxReplicas: 6,
            metrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  target: { type: 'Utilization', averageUtilization: 70 },
                },
              },
            ],
          },
        },
      });
    const hpa = () =>
      admin.autoscaling.readNamespacedHorizontalPodAutoscaler({
        name: APP,
        namespace,
      });
    const res = await start(APP, {
      spec: spec({ images: { app: image(APP, '2.0.0') } }),
    });
    expect(res.status).toBe(201);
    const { id } = res.body as CanaryDetail;
    await eventually(
      async () => {
        const canary = await read(id);
        if (
          canary.replicas?.canary?.ready === 2 &&
          canary.replicas.stable.desired === 2
        ) {
          return canary;
        }
        throw new Error(whereIs(canary));
      },
      120_000,
      'the 50 % step',
    );
    const held = await hpa();
    expect(held.metadata?.annotations).toMatchObject({
      'paasport.io/held-by-canary': id,
    });
    expect(held.spec?.minReplicas).toBe(1);
    expect(held.spec?.behavior?.scaleUp?.selectPolicy).toBe('Disabled');
    expect(held.spec?.behavior?.scaleDown?.selectPolicy).toBe('Disabled');
    // Two of the autoscaler's 15 s syncs later, the stable still runs 2.
    for (let i = 0; i < 8; i++) {
      await new Promise(r => setTimeout(r, 5_000));
      expect((await readRaw(admin, namespace, APP)).spec.replicas).toBe(2);
    }

    expect((await act(id, 'abort')).status).toBe(200);
    const done = await finished(id, 180_000);
    expect(done.outcome).toBe('aborted');
    expect(done.events.map(e => e.kind)).toEqual(
      expect.arrayContaining(['autoscalerHeld', 'autoscalerReleased']),
    );
    const released = await hpa();
    expect(released.spec?.minReplicas).toBe(3);
    expect(released.spec?.behavior).toEqual(created.spec?.behavior);
    expect(released.metadata?.annotations ?? {}).toEqual(
      created.metadata?.annotations ?? {},
    );
    expect((await readRaw(admin, namespace, APP)).spec.replicas).toBe(4);
  });
  it("aborts by itself a canary of the demo's bad release, with no annotation saying so", async () => {
    const APP = 'canary-demo-bad';
    const before = await readRaw(admin, namespace, APP);
    // The image the demo's seed lists as its bad release (devcluster
    // seed/apps.tsv): the exporter gives its pods ~6 % errors and a slower
    // p95, as a real regression would show, whatever the pod's annotations.
    const res = await start(APP, {
      spec: spec({ images: { app: 'registry.paasport.dev/shop/api:1.2.0' } }),
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 201,
    });
    const done = await finished((res.body as CanaryDetail).id);
    expect(done).toMatchObject({ phase: 'aborted', outcome: 'aborted' });
    const failed = done.verdicts.find(v => v.verdict.outcome === 'fail');
    expect(failed?.verdict.metrics.map(m => [m.name, m.outcome])).toEqual(
      expect.arrayContaining([['error rate', 'fail']]),
    );
    expect(await canaryDeployment(APP)).toBeUndefined();
    expect((await readRaw(admin, namespace, APP)).spec.template).toEqual(
      before.spec.template,
    );
  });
});
