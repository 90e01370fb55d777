import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseLocationRegistrationStore } from './DatabaseLocationRegistrationStore';

// The PostgreSQL that every machine of this project runs (trust auth); an
// explicitly configured one wins.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

jest.setTimeout(60_000);

// Longer than a varchar(255): the key is a hash of the ref.
const ref = `url:https://git.example.com/blue/${'deep/'.repeat(
  60,
)}catalog-info.yaml`;
const at = new Date('2026-12-07T10:00:00.000Z');
const attempt = (attemptId: string, userEntityRef = 'user:default/alice') => ({
  locationRef: ref,
  userEntityRef,
  registeredAt: at,
  attemptId,
});

describe.each(databases.eachSupportedId())(
  'DatabaseLocationRegistrationStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseLocationRegistrationStore.create({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('migrates up and down beside the catalog tables', async () => {
      const knex = await databases.init(databaseId);
      const { migrations } = DatabaseLocationRegistrationStore;
      await knex.migrate.latest(migrations);
      expect(
        await knex.schema.hasTable('paasport_location_registrations'),
      ).toBe(true);
      // Our own migrations table: the catalog's knex_migrations and
      // discovery's stay untouched.
      expect(await knex.schema.hasTable('knex_migrations')).toBe(false);
      expect(
        await knex.schema.hasTable('paasport_discovery_knex_migrations'),
      ).toBe(false);
      await knex.migrate.rollback(migrations, true);
      expect(
        await knex.schema.hasTable('paasport_location_registrations'),
      ).toBe(false);
      await knex.destroy();
    });

    it('records, confirms and keeps the first registrant', async () => {
      const { knex, store } = await createStore();
      expect(await store.find(ref)).toBeUndefined();

      expect(await store.recordPending(attempt('a1'))).toBe(true);
      expect(await store.find(ref)).toEqual({
        ...attempt('a1'),
        confirmed: false,
      });
      await store.confirm(ref, 'a1');
      expect(await store.find(ref)).toMatchObject({ confirmed: true });

      // Another person's later request leaves the confirmed record alone,
      // and cannot confirm or release it.
      expect(await store.recordPending(attempt('b1', 'user:default/bob'))).toBe(
        false,
      );
      await store.confirm(ref, 'b1');
      await store.release(ref, 'b1');
      await store.release(ref, 'a1');
      expect(await store.find(ref)).toEqual({
        ...attempt('a1'),
        confirmed: true,
      });
      await knex.destroy();
    });

    it('replaces a confirmed record only when asked to', async () => {
      const { knex, store } = await createStore();
      await store.recordPending(attempt('a1'));
      await store.confirm(ref, 'a1');
      expect(
        await store.recordPending(attempt('b1', 'user:default/bob'), {
          replacing: 'other',
        }),
      ).toBe(false);
      expect(
        await store.recordPending(attempt('b1', 'user:default/bob'), {
          replacing: 'a1',
        }),
      ).toBe(true);
      expect(await store.find(ref)).toMatchObject({
        userEntityRef: 'user:default/bob',
        attemptId: 'b1',
        confirmed: false,
      });
      await knex.destroy();
    });

    it('overwrites and releases unconfirmed records by attempt', async () => {
      const { knex, store } = await createStore();
      await store.recordPending(attempt('a1'));
      expect(await store.recordPending(attempt('b1', 'user:default/bob'))).toBe(
        true,
      );
      // The first attempt no longer owns the record.
      await store.release(ref, 'a1');
      expect(await store.find(ref)).toMatchObject({ attemptId: 'b1' });
      await store.release(ref, 'b1');
      expect(await store.find(ref)).toBeUndefined();
      await knex.destroy();
    });
  },
);
