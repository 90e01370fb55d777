import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { CanaryDetail } from '@paasport/plugin-console-common';
import { readAuditEvents } from '@paasport/devcluster';
import { Knex } from 'knex';
import request from 'supertest';
import { component, startConsoleBackend } from './__testUtils__/backend';
import {
  adminApis,
  AdminApis,
  createTestNamespace,
  eventually,
  readRaw,
} from './__testUtils__/devcluster';
import { TaskScheduler } from './__testUtils__/taskScheduler';
import { deployCanaryApp } from './__testUtils__/canaryApp';

// A canary survives its backend: one backend starts it and is stopped
// mid-canary, a second one on the same PostgreSQL carries it on from where
// it was. Mutates only its own namespace on the devcluster's `dev`.
jest.setTimeout(600_000);

// The PostgreSQL that every machine of this project runs (trust auth).
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const APP = 'canary-restart';
const image = (version: string) =>
  `registry.paasport.dev/console-it/${APP}:${version}`;

type Backend = Awaited<ReturnType<typeof startConsoleBackend>> & {
  ticking: NodeJS.Timeout;
};

describe('console backend: a canary across a backend restart', () => {
  let admin: AdminApis;
  let namespace: string;
  const backends: Backend[] = [];

  async function startBackend(database: Knex): Promise<Backend> {
    const scheduler = new TaskScheduler();
    const started = await startConsoleBackend({
      entities: [component(APP, namespace)],
      scheduler,
      database,
    });
    const ticking = setInterval(
      () => scheduler.runTask('console-canary-ticks').catch(() => {}),
      1000,
    );
    const backend = { ...started, ticking };
    backends.push(backend);
    return backend;
  }

  async function stopBackend(backend: Backend) {
    clearInterval(backend.ticking);
    await backend.backend.stop();
  }

  const as = {
    Authorization: mockCredentials.user.header('user:default/alice'),
  };
  const read = async (backend: Backend, id: string) =>
    (await request(backend.server).get(`/api/console/canaries/${id}`).set(as))
      .body as CanaryDetail;

  beforeAll(async () => {
    admin = await adminApis('dev');
    namespace = await createTestNamespace(admin, 'canary-restart');
    await deployCanaryApp(admin, namespace, APP);
  });

  afterAll(async () => {
    for (const backend of backends) {
      await stopBackend(backend).catch(() => {});
    }
    if (namespace) await admin.core.deleteNamespace({ name: namespace });
  });

  it('carries on from the step it was at, on another backend, and promotes', async () => {
    const knex = await databases.init('POSTGRES_15');
    const first = await startBackend(knex);
    const res = await request(first.server)
      .post(`/api/console/entities/component/default/${APP}/canaries`)
      .set(as)
      .send({
        cluster: 'dev',
        namespace,
        name: APP,
        reason: 'release 2.0.0',
        spec: {
          images: { app: image('2.0.0') },
          steps: [{ weight: 50, pause: { seconds: 60 } }, { weight: 100 }],
          analysis: {
            intervalSeconds: 15,
            windowSeconds: 60,
            minSamples: 4,
            alpha: 0.1,
            minRequests: 50,
          },
        },
      });
    expect(res.status).toBe(201);
    const { id } = res.body as CanaryDetail;
    // Kept in the database the next backend will use.
    expect(await knex('console_canaries').where({ id })).toHaveLength(1);

    // The first backend moves the canary to its first step, then stops.
    await eventually(
      async () => {
        const canary = await read(first, id);
        return (
          canary.replicas?.canary?.ready === 2 &&
          canary.replicas.stable.desired === 2
        );
      },
      120_000,
      'the first step on the first backend',
    );
    await stopBackend(first);
    const stoppedAt = await readRaw(admin, namespace, `${APP}-canary`);
    expect(stoppedAt.spec.replicas).toBe(2);

    // The second backend reads the same state and goes on from there.
    const secondStartedAt = new Date();
    const second = await startBackend(knex);
    const resumed = await read(second, id);
    expect(resumed).toMatchObject({ id, stepIndex: 0, targetWeight: 50 });
    expect(resumed.finishedAt).toBeUndefined();

    const done = await eventually(
      async () => {
        const canary = await read(second, id);
        if (canary.finishedAt) return canary;
        throw new Error(`${canary.phase}: ${canary.message}`);
      },
      300_000,
      'the canary to finish on the second backend',
    );
    expect(done).toMatchObject({ phase: 'succeeded', outcome: 'promoted' });
    // Each step was reached once: nothing was started over.
    const reached = done.events.filter(e => e.kind === 'stepReached');
    expect(reached.map(e => e.stepIndex)).toEqual([0, 1]);
    expect(done.events.filter(e => e.kind === 'started')).toHaveLength(1);
    // Nor scaled again: between its start and the first step's verdict the
    // second backend wrote nothing to either Deployment (the apiserver's
    // audit log, which records every write whatever its body).
    const verdictAt = new Date(
      done.verdicts.find(v => v.stepIndex === 0)!.verdict.judgedAt,
    );
    const writes = readAuditEvents('dev', secondStartedAt).filter(
      e =>
        new Date(e.requestReceivedTimestamp) < verdictAt &&
        ['patch', 'update', 'create', 'delete'].includes(e.verb) &&
        e.objectRef?.resource === 'deployments' &&
        e.objectRef.namespace === namespace,
    );
    expect(
      writes.map(
        e => `${e.verb} ${e.objectRef?.name}/${e.objectRef?.subresource ?? ''}`,
      ),
    ).toEqual([]);
    const after = await readRaw(admin, namespace, APP);
    expect(after.spec.template.spec?.containers[0].image).toBe(image('2.0.0'));
    expect(after.spec.replicas).toBe(4);
  });
});
