import { createTestDatabases } from '../__testUtils__/databases';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseMarketplaceStore } from './DatabaseMarketplaceStore';

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-marketplace-backend',
  'migrations',
);

jest.setTimeout(60_000);

const TABLES = [
  'marketplace_requests',
  'marketplace_bindings',
  'marketplace_request_events',
  'marketplace_team_locks',
];

describe('marketplace migrations', () => {
  const databases = createTestDatabases();

  it('comments every column, on PostgreSQL', async () => {
    const knex = await databases.init('POSTGRES_15');
    await DatabaseMarketplaceStore.create({ database: knex });
    const { rows } = await knex.raw(
      `SELECT c.table_name, c.column_name, col_description((c.table_schema||'.'||c.table_name)::regclass, c.ordinal_position) AS comment
         FROM information_schema.columns c
        WHERE c.table_name = ANY(?)`,
      [TABLES],
    );
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r: { comment: string | null }) => !r.comment)).toEqual(
      [],
    );
  });

  it.each(databases.eachSupportedId())(
    'rolls the cluster and component columns back alone, keeping the data, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseMarketplaceStore.create({ database: knex });
      const now = new Date();
      await knex('marketplace_requests').insert({
        id: 'r1',
        name: 'cache',
        offering_id: 'redis',
        plan_id: 'small',
        provider: 'osb:shared',
        provider_options: '{}',
        team_ref: 'group:default/storefront',
        system_ref: 'system:default/shop',
        namespace: 'storefront',
        cluster: 'dev',
        component_ref: 'component:default/shop-api',
        parameters: '{}',
        size_gb: 1,
        state: 'ready',
        created_by: 'user:default/alice',
        created_at: now,
        updated_at: now,
      });
      expect(
        (
          await store.listForEntity({ component: 'component:default/shop-api' })
        ).map(r => r.cluster),
      ).toEqual(['dev']);
      // The later acting_for migration first, then this one.
      await knex.migrate.down({ directory: migrationsDir });
      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('marketplace_requests', 'cluster'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('marketplace_bindings', 'component_ref'),
      ).toBe(false);
      expect(await knex('marketplace_requests').select('id', 'name')).toEqual([
        { id: 'r1', name: 'cache' },
      ]);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(
        await knex('marketplace_requests').select('id', 'cluster'),
      ).toEqual([{ id: 'r1', cluster: null }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls the acting_for columns back alone, keeping the data, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseMarketplaceStore.create({ database: knex });
      const now = new Date();
      await knex('marketplace_requests').insert({
        id: 'r1',
        name: 'cache',
        offering_id: 'redis',
        plan_id: 'small',
        provider: 'osb:shared',
        provider_options: '{}',
        team_ref: 'group:default/storefront',
        system_ref: 'system:default/shop',
        namespace: 'storefront',
        parameters: '{}',
        size_gb: 1,
        state: 'deprovisioning',
        created_by: 'user:default/alice',
        acting_for: 'user:default/dave',
        created_at: now,
        updated_at: now,
      });
      await knex.migrate.down({ directory: migrationsDir });
      for (const table of ['marketplace_requests', 'marketplace_bindings']) {
        expect(await knex.schema.hasColumn(table, 'acting_for')).toBe(false);
      }
      expect(
        await knex('marketplace_requests').select('id', 'cluster'),
      ).toEqual([{ id: 'r1', cluster: null }]);
      await knex.migrate.latest({ directory: migrationsDir });
      // Rows from before act for their creator (rows.actingFor).
      expect(
        await knex('marketplace_requests').select('id', 'acting_for'),
      ).toEqual([{ id: 'r1', acting_for: null }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'migrate up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseMarketplaceStore.create({ database: knex });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await DatabaseMarketplaceStore.rollbackAll(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      // And up again: the down left nothing behind that blocks a re-run.
      await DatabaseMarketplaceStore.create({ database: knex });
      expect(await knex.schema.hasTable('marketplace_requests')).toBe(true);
    },
  );
});
