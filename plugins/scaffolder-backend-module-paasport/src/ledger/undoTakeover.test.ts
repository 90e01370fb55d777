import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDeps } from '../__testUtils__/fakes';
import { ClusterAccess, ObjectLayer } from '../kubernetes/ClusterAccess';
import { AbandonedTaskSweeper, SweepResult } from './AbandonedTaskSweeper';
import { TaskLedger } from './TaskLedger';
import { TaskUndoClaims } from './TaskUndoClaims';
import { TaskUndoer } from './TaskUndoer';

// Several replicas sweep one database: each abandoned task is undone by
// exactly one of them, and one that dies mid-undo is taken over once its
// lease runs out. Real ledger, claims and undo on PostgreSQL and SQLite;
// the clusters are the in-memory fakes, wrapped to see every delete.

process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

jest.setTimeout(60_000);

/** The replica that ran the task and died before its undo step. */
const RAN_ON = 'scaffolder@pod-0#crashed';
const LAST_HEARTBEAT = '2026-12-10T10:00:00.000Z';
const TASK = 'crashed';

type GetTask = (request: { taskId: string }) => Promise<any>;

const failedTask: GetTask = async ({ taskId }) => ({
  id: taskId,
  status: 'failed',
  lastHeartbeatAt: LAST_HEARTBEAT,
});

/** Rejects when `promise` does not settle within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string) {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `attempt` every 200 ms until it returns a value or `ms` are over. */
async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} in ${ms} ms`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** ClusterAccess whose deletes go through `around` (to count or stall them). */
function watchedAccess(
  access: ClusterAccess,
  around: (name: string, perform: () => Promise<unknown>) => Promise<unknown>,
): ClusterAccess {
  const watch = (layer: ObjectLayer): ObjectLayer => ({
    get: layer.get.bind(layer),
    list: layer.list.bind(layer),
    apply: layer.apply.bind(layer),
    create: layer.create.bind(layer),
    delete: ((ref, options) =>
      around(ref.name, () =>
        layer.delete(ref, options),
      )) as ObjectLayer['delete'],
  });
  return {
    names: () => access.names(),
    portal: cluster => access.portal(cluster),
    platform: cluster => watch(access.platform(cluster)),
    as: (cluster, person) => watch(access.as(cluster, person)),
    isNamespaced: (cluster, type) => access.isNamespaced(cluster, type),
    namespacedKinds: cluster => access.namespacedKinds(cluster),
  };
}

const opened: Knex[] = [];
const cleanups: Array<() => void> = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map(k => k.destroy()));
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * Opens connections to one fresh database, as separate replicas hold them:
 * PostgreSQL from TestDatabases, SQLite in a file (in-memory SQLite is one
 * connection's own).
 */
async function freshDatabase(databaseId: TestDatabaseId) {
  let connect: () => Knex;
  if (databaseId === 'SQLITE_3') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-undo-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const filename = path.join(dir, 'scaffolder.sqlite');
    connect = () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
      });
  } else {
    const created = await databases.init(databaseId);
    connect = () => knexFactory(created.client.config);
  }
  return () => {
    const knex = connect();
    opened.push(knex);
    return knex;
  };
}

/**
 * A task that created ConfigMaps a, b and c in storefront on dev (undo goes
 * c, b, a) and whose replica died; replicas to sweep it; every delete they
 * attempt, in order.
 */
async function abandonedTask(databaseId: TestDatabaseId) {
  const connect = await freshDatabase(databaseId);
  const t = await testDeps();
  const main = connect();
  const ranOn = await TaskLedger.create({ database: main, replica: RAN_ON });
  for (const name of ['a', 'b', 'c']) {
    t.fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'storefront' },
    });
    const uid = t.fakes.dev.read({
      kind: 'ConfigMap',
      namespace: 'storefront',
      name,
    })!.metadata.uid!;
    await ranOn.record(
      TASK,
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'storefront',
        name,
        uid,
        actor: 'initiator',
      },
      { initiator: 'user:default/mock', stepId: 'deploy' },
    );
  }
  const attempts: string[] = [];

  async function replica(
    name: string,
    connection: Knex,
    options: {
      leaseMs: number;
      getTask?: GetTask;
      /** Runs after a delete reached the cluster, before undo hears back. */
      afterDelete?: (object: string) => Promise<void>;
    },
  ) {
    const ledger = await TaskLedger.create({
      database: connection,
      replica: name,
      skipMigrations: true,
    });
    const access = watchedAccess(t.deps.access, async (object, perform) => {
      attempts.push(`${name}: delete ${object}`);
      const result = await perform();
      await options.afterDelete?.(object);
      return result;
    });
    const audits: object[] = [];
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockImplementation(async event => {
      audits.push(event.meta ?? {});
      return { success: async () => {}, fail: async () => {} };
    });
    const sweeper = new AbandonedTaskSweeper({
      ledger,
      claims: new TaskUndoClaims(connection),
      undoer: new TaskUndoer({
        ledger,
        access,
        model: t.model,
        integrations: t.deps.integrations,
        catalog: t.catalog,
        auth: mockServices.auth(),
      }),
      scaffolder: { getTask: options.getTask ?? failedTask },
      auth: mockServices.auth(),
      auditor,
      logger: mockServices.logger.mock(),
      owner: name,
      leaseMs: options.leaseMs,
    });
    return { name, sweeper, audits };
  }

  const entries = async () =>
    (await ranOn.entries(TASK)).map(e => [
      (e.resource as { name: string }).name,
      e.status,
      e.message,
      e.undoneBy,
    ]);
  return {
    connect,
    main,
    replica,
    attempts,
    fakes: t.fakes,
    claims: new TaskUndoClaims(main),
    entries,
  };
}

const deleted = (...names: string[]) =>
  names.map(n => `delete ConfigMap/storefront/${n} as user:default/mock`);

describe.each(databases.eachSupportedId())(
  'undo of an abandoned task by several replicas on %p',
  databaseId => {
    it('is done by exactly one of two replicas that find the task at once', async () => {
      const world = await abandonedTask(databaseId);
      // Both replicas ask the scaffolder before either claims: the claim is
      // all that keeps them apart.
      let asked = 0;
      let bothAsked!: () => void;
      const gate = new Promise<void>(resolve => {
        bothAsked = resolve;
      });
      const getTask: GetTask = async request => {
        asked += 1;
        if (asked === 2) bothAsked();
        await within(gate, 10_000, 'second sweep asking for the task');
        return failedTask(request);
      };
      // PostgreSQL: a connection per replica, claims really race. SQLite:
      // one connection, which serialises transactions as a single SQLite
      // backend does (better-sqlite3 would block the event loop waiting for
      // another connection's lock).
      const shared = databaseId === 'SQLITE_3' ? world.main : undefined;
      const one = await world.replica(
        'scaffolder@pod-1#one',
        shared ?? world.connect(),
        { leaseMs: 30_000, getTask },
      );
      const two = await world.replica(
        'scaffolder@pod-2#two',
        shared ?? world.connect(),
        { leaseMs: 30_000, getTask },
      );

      const results = await Promise.all([
        one.sweeper.sweep(),
        two.sweeper.sweep(),
      ]);

      const undoneBy = [one, two].filter(
        (_, i) => results[i].undone.length > 0,
      );
      expect(undoneBy).toHaveLength(1);
      const [winner] = undoneBy;
      const loser = winner === one ? two : one;
      const byName = (r: { name: string }) =>
        results[r === one ? 0 : 1] as SweepResult;
      expect(byName(winner).undone.map(u => u.taskId)).toEqual([TASK]);
      expect(byName(loser)).toMatchObject({
        undone: [],
        claimedElsewhere: [TASK],
        interrupted: [],
        unknown: [],
      });
      // Each delete once, all by the winner.
      expect(world.attempts).toEqual([
        `${winner.name}: delete c`,
        `${winner.name}: delete b`,
        `${winner.name}: delete a`,
      ]);
      expect(world.fakes.dev.calls).toEqual(deleted('c', 'b', 'a'));
      expect(await world.entries()).toEqual([
        ['c', 'removed', 'removed', winner.name],
        ['b', 'removed', 'removed', winner.name],
        ['a', 'removed', 'removed', winner.name],
      ]);
      expect(
        (await world.claims.history(TASK)).map(e => [e.event, e.actor]),
      ).toEqual([
        ['abandoned', winner.name],
        ['finished', winner.name],
      ]);
      expect((await world.claims.history(TASK))[0].message).toContain(
        `it ran on ${RAN_ON}, last heartbeat ${LAST_HEARTBEAT}. ${winner.name} takes the undo over`,
      );
      expect(winner.audits).toEqual([
        {
          taskId: TASK,
          taskStatus: 'failed',
          initiator: 'user:default/mock',
          ranOn: [RAN_ON],
          undoneBy: winner.name,
          takenOverFrom: null,
        },
      ]);
      expect(loser.audits).toEqual([]);
    });

    it('stays with a live replica whose undo takes longer than a lease', async () => {
      const world = await abandonedTask(databaseId);
      const leaseMs = 2_000;
      let reachedB!: () => void;
      const deletingB = new Promise<void>(resolve => {
        reachedB = resolve;
      });
      let answer!: () => void;
      const slowAnswer = new Promise<void>(resolve => {
        answer = resolve;
      });
      const slow = await world.replica(
        'scaffolder@pod-1#slow',
        world.connect(),
        {
          leaseMs,
          afterDelete: async object => {
            if (object !== 'b') return;
            reachedB();
            await slowAnswer;
          },
        },
      );
      const other = await world.replica(
        'scaffolder@pod-2#other',
        world.connect(),
        { leaseMs },
      );
      const slowSweep = slow.sweeper.sweep();
      await within(deletingB, 10_000, 'delete of b');
      // Two and a half leases: renewed all along, so never free.
      const until = Date.now() + 2.5 * leaseMs;
      while (Date.now() < until) {
        const result = await other.sweeper.sweep();
        expect(result.undone).toEqual([]);
        expect((await world.claims.holder(TASK))?.owner).toBe(slow.name);
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      answer();
      const done = await within(slowSweep, 10_000, 'end of the slow sweep');
      expect(done.undone.map(u => u.taskId)).toEqual([TASK]);
      expect(world.attempts).toEqual([
        `${slow.name}: delete c`,
        `${slow.name}: delete b`,
        `${slow.name}: delete a`,
      ]);
      expect(
        (await world.claims.history(TASK)).map(e => [e.event, e.actor]),
      ).toEqual([
        ['abandoned', slow.name],
        ['finished', slow.name],
      ]);
    });

    it('is given up by a sweep that runs out of time, and resumed by another replica', async () => {
      const world = await abandonedTask(databaseId);
      const leaseMs = 1_500;
      let reachedB!: () => void;
      const deletingB = new Promise<void>(resolve => {
        reachedB = resolve;
      });
      let answer!: () => void;
      const noAnswer = new Promise<void>(resolve => {
        answer = resolve;
      });
      const stuck = await world.replica(
        'scaffolder@pod-1#stuck',
        world.connect(),
        {
          leaseMs,
          afterDelete: async object => {
            if (object !== 'b') return;
            reachedB();
            await noAnswer;
          },
        },
      );
      const other = await world.replica(
        'scaffolder@pod-2#other',
        world.connect(),
        { leaseMs },
      );
      // The scheduler's timeout aborts the sweep: it stops waiting, so this
      // replica sweeps again, and stops renewing, so the task falls free.
      const timeout = new AbortController();
      const stuckSweep = stuck.sweeper.sweep(timeout.signal);
      await within(deletingB, 10_000, 'delete of b');
      timeout.abort();
      const given = await within(stuckSweep, 10_000, 'end of the sweep');
      expect(given.interrupted).toEqual([
        {
          taskId: TASK,
          reason: 'the sweep ran out of time (aborted while undoing)',
        },
      ]);
      const resumed = await pollUntil(
        async () => {
          const result = await other.sweeper.sweep();
          return result.undone.length ? result : undefined;
        },
        20_000,
        'takeover',
      );
      expect(resumed.undone[0].takenOverFrom).toBe(stuck.name);
      // The stuck call answering late changes nothing.
      answer();
      await new Promise(resolve => setImmediate(resolve));
      expect(world.attempts).toEqual([
        `${stuck.name}: delete c`,
        `${stuck.name}: delete b`,
        `${other.name}: delete b`,
        `${other.name}: delete a`,
      ]);
      expect(world.fakes.dev.calls).toEqual(deleted('c', 'b', 'a'));
      expect(
        (await world.claims.history(TASK)).map(e => [e.event, e.actor]),
      ).toEqual([
        ['abandoned', stuck.name],
        ['taken-over', other.name],
        ['finished', other.name],
      ]);
    });

    it('is finished by another replica once the one undoing it dies and its lease runs out, each delete done once', async () => {
      const world = await abandonedTask(databaseId);
      const leaseMs = 3_000;
      let reachedB!: () => void;
      const deletingB = new Promise<void>(resolve => {
        reachedB = resolve;
      });
      let wakeUp!: () => void;
      const never = new Promise<void>(resolve => {
        wakeUp = resolve;
      });
      const dyingConnection = world.connect();
      // Its delete of b reaches the cluster; the replica dies before the
      // answer comes back.
      const dying = await world.replica(
        'scaffolder@pod-1#dying',
        dyingConnection,
        {
          leaseMs,
          afterDelete: async object => {
            if (object !== 'b') return;
            reachedB();
            await never;
          },
        },
      );
      const survivor = await world.replica(
        'scaffolder@pod-2#survivor',
        world.connect(),
        { leaseMs },
      );

      const dyingSweep = dying.sweeper.sweep();
      await within(deletingB, 10_000, 'delete of b');
      const held = await world.claims.holder(TASK);
      expect(held?.owner).toBe(dying.name);
      // The kill: its database connections go, nothing renews its lease.
      await dyingConnection.destroy();

      // While the lease holds, the survivor leaves the task alone.
      const early = await survivor.sweeper.sweep();
      expect(Date.now()).toBeLessThan(held!.expiresAt.getTime());
      expect(early.undone).toEqual([]);
      expect(world.attempts).toEqual([
        `${dying.name}: delete c`,
        `${dying.name}: delete b`,
      ]);

      // Then it takes over and finishes.
      const late = await pollUntil(
        async () => {
          const result = await survivor.sweeper.sweep();
          return result.undone.length ? result : undefined;
        },
        20_000,
        'takeover',
      );
      expect(late.undone).toMatchObject([
        { taskId: TASK, status: 'failed', takenOverFrom: dying.name },
      ]);
      // b's second delete names the uid and finds it gone: each object is
      // deleted once.
      expect(world.attempts).toEqual([
        `${dying.name}: delete c`,
        `${dying.name}: delete b`,
        `${survivor.name}: delete b`,
        `${survivor.name}: delete a`,
      ]);
      expect(world.fakes.dev.calls).toEqual(deleted('c', 'b', 'a'));
      expect(await world.entries()).toEqual([
        ['c', 'removed', 'removed', dying.name],
        ['b', 'gone', 'already gone', survivor.name],
        ['a', 'removed', 'removed', survivor.name],
      ]);
      const history = await world.claims.history(TASK);
      expect(history.map(e => [e.event, e.actor])).toEqual([
        ['abandoned', dying.name],
        ['taken-over', survivor.name],
        ['finished', survivor.name],
      ]);
      expect(history[0].message).toContain(`it ran on ${RAN_ON}`);
      expect(history[1].message).toMatch(
        new RegExp(
          `^${dying.name} stopped undoing this task \\(its lease ran out at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\); ${survivor.name} resumes the undo$`,
        ),
      );
      expect(history[2].message).toBe(
        `${survivor.name} finished the undo: 1 removed, 1 not there, 0 kept, 0 could not be removed`,
      );
      expect(survivor.audits).toEqual([
        expect.objectContaining({
          undoneBy: survivor.name,
          takenOverFrom: dying.name,
          ranOn: [RAN_ON],
        }),
      ]);
      expect(await world.claims.holder(TASK)).toBeUndefined();

      // Were the dead replica to wake up, it would remove nothing more.
      wakeUp();
      const stale = await within(dyingSweep, 10_000, 'end of the stale sweep');
      expect(stale.interrupted).toEqual([
        {
          taskId: TASK,
          reason: `${dying.name} lost the lease of the undo of task ${TASK}; another replica may take it over`,
        },
      ]);
      expect(world.fakes.dev.calls).toEqual(deleted('c', 'b', 'a'));
      expect(world.attempts).toHaveLength(4);
      expect((await world.entries())[1]).toEqual([
        'b',
        'gone',
        'already gone',
        survivor.name,
      ]);
    });
  },
);
