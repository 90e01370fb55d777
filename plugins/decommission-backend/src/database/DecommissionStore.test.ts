import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseDecommissionStore } from './DecommissionStore';

jest.setTimeout(60_000);

const TABLES = ['decommission_runs', 'decommission_items'];

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

function newRun(id: string, entityRef = 'component:default/shop-web') {
  return {
    id,
    entityRef,
    kind: 'Component' as const,
    actor: 'user:default/alice',
    items,
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
    expect(rows.length).toBe(23);
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
      expect(await knex.schema.hasTable('decommission_items')).toBe(true);
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
      await store.updateItem(ID(1), items[0].key, {
        status: 'failed',
        error: 'HTTP 403: forbidden',
      });
      await store.finishRun(ID(1), 'failed');
      const run = (await store.getRun(ID(1)))!;
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
      await store.createRun(newRun(ID(1)));
      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 60_000);
      // Running and fresh: not retryable.
      expect(await store.claimRetry(ID(1), 'user:default/bob', past)).toBe(
        false,
      );
      // Running but without progress since the cut-off: interrupted.
      expect(await store.claimRetry(ID(1), 'user:default/bob', future)).toBe(
        true,
      );
      let run = (await store.getRun(ID(1)))!;
      expect(run).toMatchObject({ attempts: 2, actor: 'user:default/bob' });

      await store.finishRun(ID(1), 'failed');
      await store.createRun(newRun(ID(2)));
      // A failed run cannot be retried while another run of it is running.
      expect(await store.claimRetry(ID(1), 'user:default/bob', past)).toBe(
        false,
      );
      await store.finishRun(ID(2), 'succeeded');
      expect(await store.claimRetry(ID(1), 'user:default/carol', past)).toBe(
        true,
      );
      run = (await store.getRun(ID(1)))!;
      expect(run).toMatchObject({ status: 'running', attempts: 3 });
      expect(run.finishedAt).toBeUndefined();
      // Succeeded runs and unknown ids are never retried.
      expect(await store.claimRetry(ID(2), 'user:default/bob', future)).toBe(
        false,
      );
      expect(await store.claimRetry(ID(9), 'user:default/bob', future)).toBe(
        false,
      );
    });
  },
);
