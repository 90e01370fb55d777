import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  eventually,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabases } from '../../__testUtils__/databases';
import { standInItems, standInSteps } from '../../__testUtils__/standInSteps';
import { DatabaseDecommissionStore } from '../../database/DecommissionStore';
import { DecommissionRunner } from './DecommissionRunner';
import { DecommissionWorker } from './DecommissionWorker';

/*
 * Two workers (two replicas) on one database: one dies in the middle of a
 * run (a real SIGKILL of its process, or cut off from the database, or a
 * clean shutdown) and the other continues the run where it stopped, each
 * item done once, with the takeover in the run's history. On the running
 * PostgreSQL and on SQLite (a file, so that two processes share it).
 */
jest.setTimeout(180_000);

/** Short, so the takeovers happen within the test; the default is 15 s. */
const LEASE_MS = 3_000;
const RUN = '00000000-0000-4000-8000-0000000000a1';
const ENTITY = 'component:default/shop-web';
const NAMES = ['one', 'two', 'three'];
const ALL_DONE = [...NAMES, ENTITY];

type Engine = 'POSTGRES_15' | 'SQLITE_FILE';

describe.each<Engine>(['POSTGRES_15', 'SQLITE_FILE'])(
  'two decommission workers on one %s database',
  engine => {
    const databases = createTestDatabases(['POSTGRES_15']);
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A fresh database, its knex config (for another process) and a store. */
    async function openDatabase() {
      let config: Knex.Config;
      if (engine === 'POSTGRES_15') {
        const knex = await databases.init('POSTGRES_15');
        config = { client: 'pg', connection: knex.client.config.connection };
      } else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decommission-'));
        cleanups.push(async () => fs.rmSync(dir, { recursive: true }));
        config = {
          client: 'better-sqlite3',
          connection: { filename: path.join(dir, 'decommission.sqlite') },
          useNullAsDefault: true,
        };
      }
      const connect = async () => {
        const knex = knexFactory(config);
        cleanups.push(() => knex.destroy());
        return { knex, store: await storeOn(knex) };
      };
      const { knex, store } = await connect();
      await store.createRun({
        id: RUN,
        entityRef: ENTITY,
        kind: 'Component',
        actor: 'user:default/alice',
        items: standInItems(NAMES),
        scope: { entityRef: ENTITY, components: [] },
      });
      return { config, knex, store, connect };
    }

    function storeOn(knex: Knex) {
      return DatabaseDecommissionStore.create({
        database: { getClient: async () => knex },
      });
    }

    function workerOn(
      store: DatabaseDecommissionStore,
      owner: string,
      steps = standInSteps(),
    ) {
      const audits = recordingAuditor();
      const logger = mockServices.logger.mock();
      const worker = new DecommissionWorker({
        store,
        runner: new DecommissionRunner({ store, ...steps, logger }),
        auditor: audits.auditor,
        logger,
        leaseMs: LEASE_MS,
        owner,
      });
      cleanups.push(() => worker.drain());
      return { worker, steps, audits: audits.records };
    }

    /** Polls like the scheduled task until the run has ended. */
    async function runToTheEnd(
      worker: DecommissionWorker,
      store: DatabaseDecommissionStore,
    ) {
      const run = await eventually(
        async () => {
          await worker.poll();
          const current = await store.getRun(RUN);
          return current?.status !== 'running' && current;
        },
        6 * LEASE_MS,
        'the run to end',
      );
      await worker.drain();
      return run!;
    }

    it('takes over from a worker killed mid-run within about one lease, and not while it lives', async () => {
      const { config, knex, store } = await openDatabase();
      const a = startDyingWorker({
        database: config,
        owner: 'worker-a',
        leaseMs: LEASE_MS,
        hangOn: 'two',
      });
      cleanups.push(a.kill);
      await a.line('HANG two');
      const b = workerOn(store, 'worker-b');

      // A lives and renews its lease: B gets nothing for several leases.
      const leaseOf = async () =>
        (await knex('decommission_runs').where({ id: RUN }).first()) as {
          lease_owner: string;
          lease_expires_at: Date | string | number;
        };
      const before = await leaseOf();
      const keptOffUntil = Date.now() + 2.5 * LEASE_MS;
      while (Date.now() < keptOffUntil) {
        expect(await b.worker.poll()).toBe(0);
        await new Promise(r => setTimeout(r, 200));
      }
      const after = await leaseOf();
      expect(after.lease_owner).toBe('worker-a');
      expect(new Date(after.lease_expires_at).getTime()).toBeGreaterThan(
        new Date(before.lease_expires_at).getTime(),
      );

      await a.kill();
      const killedAt = Date.now();
      const run = await runToTheEnd(b.worker, store);
      // The lease A last renewed runs out, then B's next poll takes it.
      expect(Date.now() - killedAt).toBeLessThan(2 * LEASE_MS);

      expect(run.status).toBe('succeeded');
      expect(run.items.map(i => i.status)).toEqual([
        'done',
        'done',
        'done',
        'done',
      ]);
      // Each item done once: A finished one, B the rest; B did not do
      // again what A had done.
      expect(a.done()).toEqual(['one']);
      expect(b.steps.done).toEqual(['two', 'three', ENTITY]);
      expect([...a.done(), ...b.steps.done].sort()).toEqual(ALL_DONE.sort());
      expect(run.history?.map(e => e.message)).toEqual([
        'started by user:default/alice',
        'claimed by worker worker-a',
        expect.stringMatching(
          /^worker worker-a stopped \(lease expired at \d{4}-\d\d-\d\dT[\d:.]+Z\) while on ConfigMap shop\/two on dev; resumed by worker worker-b$/,
        ),
        'succeeded: 4 item(s) done',
      ]);
      expect(b.audits).toEqual([
        expect.objectContaining({
          eventId: 'decommission-run',
          outcome: 'success',
          meta: expect.objectContaining({
            runId: RUN,
            actor: 'user:default/alice',
            worker: 'worker-b',
            takenOverFrom: 'worker-a',
          }),
        }),
      ]);
    });

    it('lets go of a run within one lease when cut off from the database, and writes nothing more', async () => {
      const { store, connect } = await openDatabase();
      // A has its own connections, as another replica would.
      const own = await connect();
      let hung = false;
      const a = workerOn(
        own.store,
        'worker-a',
        standInSteps({
          hang: name => {
            hung ||= name === 'two';
            return name === 'two';
          },
        }),
      );
      expect(await a.worker.poll()).toBe(1);
      await eventually(() => hung, 20_000, 'A to reach the second item');
      await own.knex.destroy();
      const cutOffAt = Date.now();
      // A cannot renew: after a lease it gives the run up, though its item
      // never finished.
      await a.worker.drain();
      expect(Date.now() - cutOffAt).toBeLessThan(2 * LEASE_MS);
      expect(a.audits).toEqual([
        expect.objectContaining({
          outcome: 'fail',
          error: expect.stringMatching(/could not renew its lease/),
        }),
      ]);

      const b = workerOn(store, 'worker-b');
      const run = await runToTheEnd(b.worker, store);
      expect(run.status).toBe('succeeded');
      expect(a.steps.done).toEqual(['one']);
      expect(b.steps.done).toEqual(['two', 'three', ENTITY]);
      expect(run.history?.[2].message).toMatch(
        /^worker worker-a stopped \(lease expired at .*\) while on ConfigMap shop\/two on dev; resumed by worker worker-b$/,
      );
    });

    it('gives way to a retry of a run it made no progress on, on its own replica', async () => {
      const { store } = await openDatabase();
      let hangs = 0;
      const a = workerOn(
        store,
        'worker-a',
        standInSteps({ hang: name => name === 'two' && hangs++ === 0 }),
      );
      expect(await a.worker.poll()).toBe(1);
      await eventually(() => hangs > 0, 20_000, 'A to hang on the second item');

      // The run shows as interrupted (no progress) and bob retries it
      // through this replica, as DecommissionService.retry does.
      const bob = mockCredentials.user('user:default/bob');
      a.worker.holdSignIn(RUN, bob);
      expect(
        await store.claimRetry(
          RUN,
          'user:default/bob',
          new Date(Date.now() + 1000),
          {
            scope: { entityRef: ENTITY, components: [] },
            reserveFor: a.worker.reservation(),
          },
        ),
      ).toBe(true);
      a.worker.abandon(RUN);
      const run = await runToTheEnd(a.worker, store);

      // The hung attempt was let go (drain did not wait for it) and the
      // retry did what was left, once.
      expect(run).toMatchObject({
        status: 'succeeded',
        actor: 'user:default/bob',
        attempts: 2,
      });
      expect(a.steps.done).toEqual(['one', 'two', 'three', ENTITY]);
      expect(run.history?.map(e => e.message)).toEqual([
        'started by user:default/alice',
        'claimed by worker worker-a',
        'retried by user:default/bob (attempt 2); worker worker-a, which made no progress, gives it up',
        'claimed by worker worker-a',
        'succeeded: 4 item(s) done',
      ]);
      expect(a.audits.map(r => [r.outcome, r.error ?? ''])).toEqual([
        [
          'fail',
          'Decommission run 00000000-0000-4000-8000-0000000000a1 was retried',
        ],
        ['success', ''],
      ]);
    });

    it('gives its runs back at once when it shuts down, after the current item', async () => {
      const { store } = await openDatabase();
      let release: () => void = () => undefined;
      const gate = new Promise<void>(resolve => {
        release = resolve;
      });
      let reached = false;
      const steps = standInSteps();
      const a = workerOn(store, 'worker-a', {
        ...steps,
        kubernetes: {
          remove: async (target: { name: string }) => {
            if (target.name === 'one') {
              reached = true;
              await gate;
            }
            return steps.kubernetes.remove(target);
          },
        },
      });
      expect(await a.worker.poll()).toBe(1);
      await eventually(() => reached, 20_000, 'A to reach the first item');
      const stopped = a.worker.stop();
      release();
      await stopped;
      // It claims nothing more.
      expect(await a.worker.poll()).toBe(0);

      let run = (await store.getRun(RUN))!;
      expect(run.leaseOwner).toBeUndefined();
      expect(run.history?.at(-1)?.message).toBe(
        'worker worker-a shut down; the run waits for another worker',
      );
      // No need to wait for a lease: B takes it on its next poll.
      const b = workerOn(store, 'worker-b');
      expect(await b.worker.poll()).toBe(1);
      run = await runToTheEnd(b.worker, store);
      expect(run.status).toBe('succeeded');
      expect(steps.done).toEqual(['one']);
      expect(b.steps.done).toEqual(['two', 'three', ENTITY]);
    });
  },
);

/**
 * Worker A in a process of its own (src/__testUtils__/dyingWorker.ts), to
 * be killed with SIGKILL; `done` are the items it finished.
 */
function startDyingWorker(options: object) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, '../../__testUtils__/dyingWorker.ts'),
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const waiting: { line: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const w of waiting.filter(x => output.split('\n').includes(x.line))) {
      w.resolve();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    /** Resolves once the worker printed `line`; fails after a minute. */
    line: (line: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${line}" from worker A:\n${output}`)),
          60_000,
        );
        waiting.push({
          line,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        onData(Buffer.from(''));
      }),
    done: () =>
      output
        .split('\n')
        .filter(l => l.startsWith('DONE '))
        .map(l => l.slice('DONE '.length)),
    kill: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
