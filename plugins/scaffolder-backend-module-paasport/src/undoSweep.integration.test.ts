import {
  coreServices,
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import request from 'supertest';
import YAML from 'yaml';
import { giteaApi, readAuditEvents } from '@paasport/devcluster';
import {
  adminObjects,
  eventually,
  localServices,
  repoRoot,
} from './__testUtils__/environment';
import { startScaffolderBackend } from './__testUtils__/scaffolderBackend';

// A backend dies (SIGKILL) in the middle of a task: the task never reaches
// its undo step. A second backend on the same PostgreSQL databases (as another replica
// or the restarted one would be) marks the task failed once its heartbeat is
// stale, and the Paasport sweep removes what the task had made: the Gitea
// repository and the Deployment and Service on dev. Real scaffolder, Gitea,
// cluster and PostgreSQL; fails when any is down.
jest.setTimeout(600_000);

const run = Date.now().toString(36);
const name = `swept-${run}`;
const guest = 'user:default/guest';
const memberships = { [guest]: ['group:default/storefront'] };
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const postgres = 'postgresql://postgres@127.0.0.1:5432';
const database = {
  client: 'pg',
  connection: postgres,
  prefix: `paasport_sweep_${run}_`,
};

const dir = createMockDirectory();

/** The Go template with a step before registration that never returns. */
function writeCrashingTemplate(): string {
  const template = YAML.parseDocument(
    fs.readFileSync(path.join(repoRoot, 'templates/go-service.yaml'), 'utf8'),
  );
  template.setIn(['metadata', 'name'], 'go-service-crashing');
  const steps = template.getIn(['spec', 'steps']) as YAML.YAMLSeq;
  const register = steps.items.findIndex(
    s => (s as YAML.YAMLMap).get('id') === 'register',
  );
  steps.items.splice(
    register,
    0,
    template.createNode({ id: 'hang', name: 'Hang', action: 'test:hang' }),
  );
  dir.setContent({
    'templates/go-service-crashing.yaml': template.toString(),
    'catalog.yaml': YAML.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'crashing-templates' },
      spec: { targets: ['./templates/go-service-crashing.yaml'] },
    }),
  });
  fs.cpSync(
    path.join(repoRoot, 'templates/skeletons'),
    path.join(dir.path, 'templates/skeletons'),
    { recursive: true },
  );
  return path.join(dir.path, 'catalog.yaml');
}

/**
 * Starts crashingBackend.ts in a child process and resolves with its URL;
 * `line(prefix, timeoutMs)` resolves with the value of the first line the
 * child printed with that prefix (also one printed before the call).
 */
async function startChildBackend(options: object) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, '__testUtils__/crashingBackend.ts'),
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const seen = new Map<string, string>();
  const waiting = new Map<string, (value: string) => void>();
  const line = (prefix: string, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      if (seen.has(prefix)) {
        resolve(seen.get(prefix)!);
        return;
      }
      const timer = setTimeout(
        () =>
          reject(new Error(`no ${prefix} from the child backend:\n${output}`)),
        timeoutMs,
      );
      waiting.set(prefix, value => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const text of String(chunk).split('\n')) {
      const [prefix, value] = text.split(' ');
      if (!prefix || seen.has(prefix)) continue;
      seen.set(prefix, value);
      waiting.get(prefix)?.(value);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const port = Number(
    await line('READY', 180_000).catch(error => {
      child.kill('SIGKILL');
      throw error;
    }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    line,
    kill: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** The task's log as the scaffolder keeps it: one line per event. */
async function taskLog(url: string, taskId: string): Promise<string> {
  const events = await request(url)
    .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
    .set(as(guest));
  return (events.body as { body?: { message?: string } }[])
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
}

/**
 * Resolves once the task reaches `test:hang`. Rejects at once, with the
 * task's log, when the task ends before it (a step failed), and with the
 * log too when it never gets there, rather than with nothing to go on.
 */
async function taskHangs(
  backend: Awaited<ReturnType<typeof startChildBackend>>,
  taskId: string,
  timeoutMs: number,
) {
  let settled = false;
  const hung = backend
    .line('HANG', timeoutMs)
    .catch(async error => {
      throw new Error(
        `${error.message}\ntask log:\n${await taskLog(backend.url, taskId)}`,
      );
    })
    .finally(() => {
      settled = true;
    });
  const ended = (async () => {
    while (!settled) {
      const { body } = await request(backend.url)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set(as(guest));
      if (['failed', 'completed', 'cancelled'].includes(body.status)) {
        const log = await taskLog(backend.url, taskId);
        throw new Error(`task ${body.status} before test:hang:\n${log}`);
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    return undefined;
  })();
  const value = await Promise.race([hung, ended]);
  return value ?? hung;
}

/**
 * A scheduler whose tasks run only when the test says so, so that the order
 * janitor, sweep is the test's and not the clock's.
 */
function manualScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const remember = async (task: SchedulerServiceTaskInvocationDefinition) => {
    tasks.set(task.id, task);
  };
  return {
    factory: createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => ({
        scheduleTask: remember,
        createScheduledTaskRunner: () => ({ run: remember }),
        async triggerTask(id: string) {
          await tasks.get(id)!.fn(new AbortController().signal);
        },
        async cancelTask() {},
        async getScheduledTasks() {
          return [];
        },
      }),
    }),
    async run(id: string) {
      const task = tasks.get(id);
      if (!task) throw new Error(`no scheduled task ${id}`);
      await task.fn(new AbortController().signal);
    },
  };
}

describe('undo of a task whose backend died', () => {
  const location = writeCrashingTemplate();
  let stopSecond: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await stopSecond?.();
    const admin = knexFactory({ client: 'pg', connection: postgres });
    try {
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${database.prefix}%`],
      );
      for (const { datname } of rows) {
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      }
    } finally {
      await admin.destroy();
    }
  });

  it('removes the repository and the deployment once the scaffolder gives the task up', async () => {
    const { gitea } = localServices();
    const first = await startChildBackend({
      memberships,
      extraLocations: [location],
      database,
    });
    const dev = await adminObjects('dev');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'storefront' },
    };
    let taskId: string;
    try {
      await eventually(async () => {
        const res = await request(first.url)
          .get(
            '/api/catalog/entities/by-name/template/default/go-service-crashing',
          )
          .set(as(guest));
        expect(res.status).toBe(200);
      }, 60_000);
      const created = await request(first.url)
        .post('/api/scaffolder/v2/tasks')
        .set(as(guest))
        .send({
          templateRef: 'template:default/go-service-crashing',
          values: {
            name,
            owner: 'group:default/storefront',
            system: 'system:default/shop',
            clusters: ['resource:default/dev'],
            ci: 'actions',
            minReplicas: 1,
            maxReplicas: 2,
          },
        });
      expect(created.status).toBe(201);
      taskId = created.body.id;
      // Measured from the request, not from the child's start: the
      // template's steps before the hang take a minute on a busy machine.
      expect(await taskHangs(first, taskId, 240_000)).toBe(taskId);
      // Everything before the hang exists.
      expect(
        (await giteaApi(gitea, 'GET', `/repos/${gitea.org}/${name}`)).status,
      ).toBe(200);
      await dev.read(deployment);
    } finally {
      // The crash.
      await first.kill();
    }

    const scheduler = manualScheduler();
    const second = await startScaffolderBackend({
      memberships,
      database,
      // Heartbeats older than 2 s count as a dead task (24 h by default).
      scaffolder: { taskTimeout: { seconds: 2 } },
      features: [scheduler.factory],
    });
    stopSecond = () => second.backend.stop();

    const taskStatus = async () =>
      (await second.get(guest, `/api/scaffolder/v2/tasks/${taskId}`)).body
        .status;
    expect(await taskStatus()).toBe('processing');
    // The sweep leaves a task alone while the scaffolder still runs it.
    await scheduler.run('paasport-undo-abandoned-tasks');
    await dev.read(deployment);

    await eventually(async () => {
      await scheduler.run('close_stale_tasks');
      expect(await taskStatus()).toBe('failed');
    }, 30_000);
    const swept = Date.now();
    const sweptAt = new Date(swept);
    await scheduler.run('paasport-undo-abandoned-tasks');
    // eslint-disable-next-line no-console
    console.log(`sweep of the abandoned task: ${Date.now() - swept} ms`);

    // The ledger and the undo history say which replica ran the task and
    // that another took its undo over.
    const scaffolderDb = knexFactory({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        database: `${database.prefix}scaffolder`,
      },
    });
    try {
      const recorders = await scaffolderDb('paasport_task_ledger')
        .where({ task_id: taskId! })
        .distinct('recorded_by', 'undone_by');
      expect(recorders.length).toBeGreaterThan(0);
      const [{ recorded_by: ranOn, undone_by: undoneBy }] = recorders;
      expect(recorders).toEqual(
        recorders.map(() => ({ recorded_by: ranOn, undone_by: undoneBy })),
      );
      expect(ranOn).toMatch(/^scaffolder@.+#[0-9a-f]{12}$/);
      expect(undoneBy).toMatch(/^scaffolder@.+#[0-9a-f]{12}$/);
      expect(undoneBy).not.toBe(ranOn);
      const history = await scaffolderDb('paasport_task_undo_history')
        .where({ task_id: taskId! })
        .orderBy('seq');
      expect(history.map(e => [e.event, e.actor])).toEqual([
        ['abandoned', undoneBy],
        ['finished', undoneBy],
      ]);
      const abandoned: string = history[0].message;
      expect(abandoned).toMatch(/^Task failed without its undo step finishing/);
      expect(abandoned).toContain(`; it ran on ${ranOn}, last heartbeat `);
      expect(abandoned.endsWith(`. ${undoneBy} takes the undo over`)).toBe(
        true,
      );
      expect(
        await scaffolderDb('paasport_task_undo_claims')
          .where({ task_id: taskId! })
          .first('lease_owner'),
      ).toEqual({ lease_owner: null });
    } finally {
      await scaffolderDb.destroy();
    }

    expect(
      (await giteaApi(gitea, 'GET', `/repos/${gitea.org}/${name}`)).status,
    ).toBe(404);
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['v1', 'Service'],
    ]) {
      const left = await dev.read({ ...deployment, kind, apiVersion }).then(
        () => `${kind} still there`,
        e => (e.code === 404 ? 'gone' : String(e)),
      );
      expect(left).toBe('gone');
    }
    // The team namespace predates the task and stays.
    await dev.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'storefront' },
    });
    // Long after the request, the sweep still acts as the person who asked
    // (read from the ledger), never as the portal.
    await eventually(async () => {
      const deletes = readAuditEvents('dev', sweptAt).filter(
        e =>
          e.stage === 'ResponseComplete' &&
          e.verb === 'delete' &&
          e.objectRef?.namespace === 'storefront' &&
          e.objectRef?.name === name,
      );
      const by = (resource: string) =>
        deletes
          .filter(e => e.objectRef?.resource === resource)
          .map(e => e.impersonatedUser?.username ?? e.user.username);
      expect(by('deployments')).toEqual(['paasport:user:default/guest']);
      expect(by('services')).toEqual(['paasport:user:default/guest']);
      expect(deletes.filter(e => !e.impersonatedUser)).toEqual([]);
    }, 30_000);
  });
});
