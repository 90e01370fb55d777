import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseMarketplaceStore } from './DatabaseMarketplaceStore';

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
