import { BrokerStore } from './BrokerStore';
import { sqliteKnex } from '../__testUtils__/services';

describe('BrokerStore migrations on SQLite', () => {
  it('migrates up and down', async () => {
    const db = sqliteKnex();
    try {
      await BrokerStore.create(db);
      for (const table of ['osb_instances', 'osb_operations', 'osb_bindings']) {
        expect(await db.schema.hasTable(table)).toBe(true);
      }
      // Running again is a no-op, as on every broker start.
      await BrokerStore.create(db);
      await BrokerStore.rollbackAll(db);
      for (const table of ['osb_instances', 'osb_operations', 'osb_bindings']) {
        expect(await db.schema.hasTable(table)).toBe(false);
      }
    } finally {
      await db.destroy();
    }
  });
});
