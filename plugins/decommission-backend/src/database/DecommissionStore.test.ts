import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { RunScope } from '../services/scope/RunScope';
import { DatabaseDecommissionStore } from './DecommissionStore';

jest.setTimeout(60_000);

const TABLES = [
  'decommission_runs',
  'decommission_items',
  'decommission_run_events',
];

const items: DecommissionItem[] = [
  {
    key: 'kubernetes:dev:apps/v1/Deployment:shop/shop-web',
    step: 'kubernetes',
    action: 'delete',
    title: 'Deployment shop/shop-web on dev',
    entityRef: 'component:default/shop-web',
    target: {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'shop-web',
      uid: 'u-1',
    },
  },
  {
    key: 'repository:none',
    step: 'repository',
    action: 'none',
    title: 'Source repository',
    note: 'no source location',
    target: { type: 'none' },
  },
];

const scope: RunScope = {
  entityRef: 'component:default/shop-web',
  components: [
    {
      entityRef: 'component:default/shop-web',
      team: 'group:default/storefront',
      namespaces: { dev: 'shop' },
      matches: () => true,
    },
  ],
};

function newRun(id: string, entityRef = 'component:default/shop-web') {
  return {
    id,
    entityRef,
    kind: 'Component' as const,
    actor: 'user:default/alice',
    items,
    scope,
  };
}

const ID = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe('decommission migrations', () => {
  const databases = createTestDatabases();

  it('comments every column, on PostgreSQL', async () => {
    const knex = await databases.init('POSTGRES_15');
    await DatabaseDecommissionStore.create({
      database: { getClient: async () => knex },
    });
    const { rows } = await knex.raw(
      `SELECT c.table_name, c.column_name,
              col_description((c.table_schema||'.'||c.table_name)::regclass, c.ordinal_position) AS comment
         FROM information_schema.columns c
        WHERE c.table_name = ANY(?)`,
      [TABLES],
    );
    expect(rows.length).toBe(32);
    expect(rows.filter((r: { comment: string | null }) => !r.comment)).toEqual(
      [],
    );
  });

  it.each(databases.eachSupportedId())(
    'migrates up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database = { getClient: async () => knex };
      await DatabaseDecommissionStore.create({ database });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await DatabaseDecommissionStore.rollbackAll(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await DatabaseDecommissionStore.create({ database });
      expect(await knex.schema.hasTable('decommission_run_events')).toBe(true);
      expect(
        await knex.schema.hasColumn('decommission_runs', 'lease_owner'),
      ).toBe(true);
    },
  );
});

describe.each(createTestDatabases().eachSupportedId())(
  'DatabaseDecommissionStore on %p',
  databaseId => {
    const databases = createTestDatabases([databaseId]);
    let store: DatabaseDecommissionStore;

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseDecommissionStore.create({
        database: { getClient: async () => knex },
      });
    });

    it('stores a run with its items in order and reads it back', async () => {
      const { run, created } = await store.createRun(newRun(ID(1)));
      expect(created).toBe(true);
      expect(run).toMatchObject({
        id: ID(1),
        entityRef: 'component:default/shop-web',
        kind: 'Component',
        actor: 'user:default/alice',
        status: 'running',
        attempts: 1,
      });
      expect(run.items.map(i => [i.key, i.status])).toEqual([
        [items[0].key, 'pending'],
        ['repository:none', 'pending'],
      ]);
      expect(run.items[0].target).toEqual(items[0].target);
      expect(run.items[1].note).toBe('no source location');
      expect(run.finishedAt).toBeUndefined();
      // What it acts within, without the label selector (never used by runs).
      expect(
        run.scope?.components.map(c => [c.entityRef, c.team, c.namespaces]),
      ).toEqual([
        [
          'component:default/shop-web',
          'group:default/storefront',
          { dev: 'shop' },
        ],
      ]);
      expect(() => run.scope?.components[0].matches({})).toThrow(
        /never selects by labels/,
      );
      expect(run.history?.map(e => [e.actor, e.message])).toEqual([
        ['user:default/alice', 'started by user:default/alice'],
      ]);
      // Nobody holds it yet: any worker may claim it.
      expect(run.leaseOwner).toBeUndefined();
    });

    it('gives a second start of the same entity the running run', async () => {
      await store.createRun(newRun(ID(1)));
      const second = await store.createRun(newRun(ID(2)));
      expect(second.created).toBe(false);
      expect(second.run.id).toBe(ID(1));
      expect(await store.getRun(ID(2))).toBeUndefined();
      // Other entities are not affected.
      const other = await store.createRun(
        newRun(ID(3), 'system:default/payments'),
      );
      expect(other.created).toBe(true);
    });

    it('records item outcomes, finishes, and frees the entity', async () => {
      await store.createRun(newRun(ID(1)));
      await store.claim('w1', { leaseMs: 15_000, limit: 5, exclude: [] });
      expect(
        await store.updateItem(
          ID(1),
          items[0].key,
          { status: 'failed', error: 'HTTP 403: forbidden' },
          'w1',
        ),
      ).toBe(true);
      expect(await store.finishRun(ID(1), 'failed', 'w1', 'failed: 1')).toBe(
        true,
      );
      const run = (await store.getRun(ID(1)))!;
      expect(run.leaseOwner).toBeUndefined();
      expect(run.history?.map(e => [e.actor, e.message])).toEqual([
        ['user:default/alice', 'started by user:default/alice'],
        ['worker:w1', 'claimed by worker w1'],
        ['worker:w1', 'failed: 1'],
      ]);
      expect(run.status).toBe('failed');
      expect(run.finishedAt).toBeDefined();
      expect(run.items[0]).toMatchObject({
        status: 'failed',
        error: 'HTTP 403: forbidden',
      });
      expect(await store.activeRun(run.entityRef)).toBeUndefined();
      const next = await store.createRun(newRun(ID(2)));
      expect(next.created).toBe(true);
      expect((await store.listRuns(run.entityRef)).map(r => r.id)).toEqual([
        ID(2),
        ID(1),
      ]);
    });

    it('retries failed and stale runs only, one at a time per entity', async () => {
      const retry = (id: string, actor: string, staleBefore: Date) =>
        store.claimRetry(id, actor, staleBefore, {
          scope,
          reserveFor: { owner: 'w9', leaseMs: 15_000 },
        });
      await store.createRun(newRun(ID(1)));
      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 60_000);
      // Running and fresh: not retryable.
      expect(await retry(ID(1), 'user:default/bob', past)).toBe(false);
      // Running but without progress since the cut-off: interrupted.
      expect(await retry(ID(1), 'user:default/bob', future)).toBe(true);
      let run = (await store.getRun(ID(1)))!;
      expect(run).toMatchObject({
        attempts: 2,
        actor: 'user:default/bob',
        // Reserved for the worker of the replica that answered.
        leaseOwner: 'w9',
      });
      expect(run.history?.at(-1)?.message).toBe(
        'retried by user:default/bob (attempt 2)',
      );

      await store.finishRun(ID(1), 'failed', 'w9', 'failed');
      await store.createRun(newRun(ID(2)));
      // A failed run cannot be retried while another run of it is running.
      expect(await retry(ID(1), 'user:default/bob', past)).toBe(false);
      await store.claim('w2', { leaseMs: 15_000, limit: 5, exclude: [] });
      await store.finishRun(ID(2), 'succeeded', 'w2', 'succeeded');
      expect(await retry(ID(1), 'user:default/carol', past)).toBe(true);
      run = (await store.getRun(ID(1)))!;
      expect(run).toMatchObject({ status: 'running', attempts: 3 });
      expect(run.finishedAt).toBeUndefined();
      // Succeeded runs and unknown ids are never retried.
      expect(await retry(ID(2), 'user:default/bob', future)).toBe(false);
      expect(await retry(ID(9), 'user:default/bob', future)).toBe(false);
    });

    it('leases a run to one worker, which alone may write to it', async () => {
      await store.createRun(newRun(ID(1)));
      const lease = { leaseMs: 15_000, limit: 5, exclude: [] };
      expect(await store.claim('a', lease)).toEqual([{ id: ID(1) }]);
      // Held and not expired: nobody else gets it, and A does not twice
      // while it works on it.
      expect(await store.claim('b', lease)).toEqual([]);
      expect(await store.claim('a', { ...lease, exclude: [ID(1)] })).toEqual(
        [],
      );
      expect(await store.renewLease(ID(1), 'a', 15_000)).toBe(true);
      // B's writes change nothing.
      const key = items[0].key;
      expect(await store.startItem(ID(1), key, 'b')).toBe(false);
      expect(await store.updateItem(ID(1), key, { status: 'done' }, 'b')).toBe(
        false,
      );
      expect(await store.finishRun(ID(1), 'succeeded', 'b', 'x')).toBe(false);
      expect(await store.renewLease(ID(1), 'b', 15_000)).toBe(false);
      const run = (await store.getRun(ID(1)))!;
      expect(run).toMatchObject({ status: 'running', leaseOwner: 'a' });
      expect(run.items[0].status).toBe('pending');
    });

    it('lets another worker take over when the lease expired, and records it', async () => {
      await store.createRun(newRun(ID(1)));
      const lease = { leaseMs: 15_000, limit: 5, exclude: [] };
      await store.claim('a', lease);
      const key = items[0].key;
      expect(await store.startItem(ID(1), key, 'a')).toBe(true);
      // A stopped (no renewal); 20 s later its lease has expired.
      const later = new Date(Date.now() + 20_000);
      const [claimed] = await store.claim('b', { ...lease, now: later });
      expect(claimed).toEqual({
        id: ID(1),
        takenOverFrom: { owner: 'a', leaseExpiredAt: expect.any(String) },
      });
      const expiredAt = claimed.takenOverFrom!.leaseExpiredAt;
      const run = (await store.getRun(ID(1)))!;
      expect(run.leaseOwner).toBe('b');
      expect(run.history?.at(-1)).toMatchObject({
        actor: 'worker:b',
        message: `worker a stopped (lease expired at ${expiredAt}) while on ${items[0].title}; resumed by worker b`,
      });
      // The item A was on says so, and is done again.
      expect(run.items[0]).toMatchObject({
        status: 'pending',
        error: 'Interrupted: worker a stopped while on it; resumed by worker b',
      });
      // A, had it only been slow, writes nothing more.
      expect(await store.renewLease(ID(1), 'a', 15_000)).toBe(false);
      expect(await store.updateItem(ID(1), key, { status: 'done' }, 'a')).toBe(
        false,
      );
      expect(await store.updateItem(ID(1), key, { status: 'done' }, 'b')).toBe(
        true,
      );
      expect((await store.getRun(ID(1)))!.items[0]).toMatchObject({
        status: 'done',
      });
    });

    it('keeps a run reserved for the worker that answered the start until the reservation ends', async () => {
      await store.createRun({
        ...newRun(ID(1)),
        reserveFor: { owner: 'a', leaseMs: 15_000 },
      });
      const lease = { leaseMs: 15_000, limit: 5, exclude: [] };
      expect(await store.claim('b', lease)).toEqual([]);
      // Its own worker takes it even when it takes nothing else.
      expect(await store.claim('a', { ...lease, limit: 0 })).toEqual([
        { id: ID(1) },
      ]);

      await store.finishRun(ID(1), 'succeeded', 'a', 'succeeded');

      // A reservation whose worker died is taken over after one lease.
      await store.createRun({
        ...newRun(ID(2), 'system:default/payments'),
        reserveFor: { owner: 'c', leaseMs: 15_000 },
      });
      const later = new Date(Date.now() + 20_000);
      expect(
        (await store.claim('b', { ...lease, now: later })).map(c => c.id),
      ).toEqual([ID(2)]);
    });

    it('takes only up to the limit of runs nobody holds', async () => {
      for (const n of [1, 2, 3]) {
        await store.createRun(newRun(ID(n), `component:default/svc-${n}`));
      }
      const lease = { leaseMs: 15_000, exclude: [] };
      expect(await store.claim('a', { ...lease, limit: 2 })).toHaveLength(2);
      expect(await store.claim('b', { ...lease, limit: 2 })).toHaveLength(1);
    });

    it('gives a run back for any worker to take at once', async () => {
      await store.createRun(newRun(ID(1)));
      const lease = { leaseMs: 15_000, limit: 5, exclude: [] };
      await store.claim('a', lease);
      expect(await store.releaseLease(ID(1), 'b', 'not mine')).toBe(false);
      expect(await store.releaseLease(ID(1), 'a', 'worker a shut down')).toBe(
        true,
      );
      expect(await store.claim('b', lease)).toEqual([{ id: ID(1) }]);
      expect(
        (await store.getRun(ID(1)))!.history?.map(e => e.message).slice(-2),
      ).toEqual(['worker a shut down', 'claimed by worker b']);
    });

    it('takes a stale run from the worker holding it when it is retried', async () => {
      await store.createRun(newRun(ID(1)));
      await store.claim('a', { leaseMs: 15_000, limit: 5, exclude: [] });
      const future = new Date(Date.now() + 60_000);
      expect(
        await store.claimRetry(ID(1), 'user:default/bob', future, {
          scope,
          reserveFor: { owner: 'b', leaseMs: 15_000 },
        }),
      ).toBe(true);
      expect(
        await store.updateItem(ID(1), items[0].key, { status: 'done' }, 'a'),
      ).toBe(false);
      expect((await store.getRun(ID(1)))!.history?.at(-1)?.message).toBe(
        'retried by user:default/bob (attempt 2); worker a, which made no progress, gives it up',
      );
    });

    it('never gives one run to two workers claiming at once', async () => {
      const ids = [1, 2, 3, 4, 5, 6].map(ID);
      for (const [n, id] of ids.entries()) {
        await store.createRun(newRun(id, `component:default/svc-${n}`));
      }
      const lease = { leaseMs: 15_000, limit: 10, exclude: [] };
      const [a, b] = await Promise.all([
        store.claim('a', lease),
        store.claim('b', lease),
      ]);
      const claimed = [...a, ...b].map(c => c.id).sort();
      expect(claimed).toEqual(ids);
      for (const id of ids) {
        const owner = a.some(c => c.id === id) ? 'a' : 'b';
        expect((await store.getRun(id))!.leaseOwner).toBe(owner);
      }
    });
  },
);
