import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseRollbackStore, StoredRollback } from './RollbackStore';

// The PostgreSQL that every machine of this project runs (trust auth); an
// explicitly configured one wins.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const migrationsDir = resolvePackagePath(
  '@paasport/plugin-console-backend',
  'migrations',
);

jest.setTimeout(60_000);

const rollback: StoredRollback = {
  id: '6f1b5a0e-6d59-4a57-9c3b-2f0d4d7c9e11',
  entityRef: 'component:default/shop-web',
  cluster: 'dev',
  namespace: 'storefront',
  kind: 'Deployment',
  name: 'shop-web',
  fromRevision: 3,
  toRevision: 2,
  targetGeneration: 7,
  reason: 'errors after 1.2.0',
  actor: 'user:default/guest',
  forced: false,
  status: 'progressing',
  createdAt: '2026-06-01T10:00:00.000Z',
  updatedAt: '2026-06-01T10:00:00.000Z',
};

describe.each(databases.eachSupportedId())(
  'DatabaseRollbackStore on %p',
  databaseId => {
    it('migrates up and down', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('console_rollbacks')).toBe(true);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('console_rollbacks')).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('console_rollbacks', 'target_generation'),
      ).toBe(true);
      await knex.destroy();
    });

    it('stores rollbacks and follows their progress', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseRollbackStore.create({
        database: mockServices.database({ knex }),
      });
      await store.insert(rollback);
      expect(await store.get(rollback.id)).toEqual(rollback);
      expect((await store.listProgressing()).map(r => r.id)).toEqual([
        rollback.id,
      ]);

      await store.update(rollback.id, {
        status: 'succeeded',
        newRevision: 4,
        finishedAt: '2026-06-01T10:01:00.000Z',
      });
      const done = await store.get(rollback.id);
      expect(done).toMatchObject({
        status: 'succeeded',
        newRevision: 4,
        finishedAt: '2026-06-01T10:01:00.000Z',
      });
      expect(done!.message).toBeUndefined();
      expect(await store.listProgressing()).toEqual([]);
      // Another replica whose cache still saw the rollout in progress cannot
      // take the final answer back.
      await store.update(rollback.id, {
        status: 'progressing',
        message: 'waiting for the controller to pick up the rollback',
      });
      expect(await store.get(rollback.id)).toEqual(done);
      expect(
        await store.get('00000000-0000-4000-8000-000000000000'),
      ).toBeUndefined();
      await knex.destroy();
    });
  },
);
