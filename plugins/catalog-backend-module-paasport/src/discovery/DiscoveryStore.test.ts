import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DiscoveryStore } from './DiscoveryStore';
import { Workload } from './types';

// The PostgreSQL that every machine of this project runs (trust auth); an
// explicitly configured one wins.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

jest.setTimeout(60_000);

const workload: Workload = {
  cluster: 'dev',
  namespace: 'payments',
  kind: 'StatefulSet',
  name: 'payments-ledger-db',
  app: 'payments-ledger-db',
  partOf: 'payments',
};

describe.each(databases.eachSupportedId())(
  'DiscoveryStore on %p',
  databaseId => {
    it('migrates up and down beside the catalog tables', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(DiscoveryStore.migrations);
      expect(await knex.schema.hasTable('paasport_discovery_workloads')).toBe(
        true,
      );
      expect(await knex.schema.hasTable('paasport_discovery_entities')).toBe(
        true,
      );
      // Our own migrations table: the catalog's knex_migrations stays untouched.
      expect(await knex.schema.hasTable('knex_migrations')).toBe(false);
      await knex.migrate.rollback(DiscoveryStore.migrations, true);
      expect(await knex.schema.hasTable('paasport_discovery_workloads')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('paasport_discovery_entities')).toBe(
        false,
      );
      await knex.destroy();
    });

    it('keeps the last list per cluster and forgets unconfigured clusters', async () => {
      const knex = await databases.init(databaseId);
      const store = await DiscoveryStore.create({
        database: mockServices.database({ knex }),
      });
      await store.writeSnapshot('dev', [workload]);
      await store.writeSnapshot('prod', []);
      await store.writeSnapshot('dev', [
        workload,
        { ...workload, name: 'two' },
      ]);
      const snapshots = await store.readSnapshots();
      expect(snapshots.get('dev')?.workloads).toEqual([
        workload,
        { ...workload, name: 'two' },
      ]);
      expect(snapshots.get('dev')?.listedAt).toBeInstanceOf(Date);
      expect(snapshots.get('prod')?.workloads).toEqual([]);
      await store.keepSnapshotsOf(['dev']);
      expect([...(await store.readSnapshots()).keys()]).toEqual(['dev']);
      await knex.destroy();
    });

    it('records full and delta mutations', async () => {
      const knex = await databases.init(databaseId);
      const store = await DiscoveryStore.create({
        database: mockServices.database({ knex }),
      });
      const many = Array.from({ length: 1200 }, (_, i) => ({
        ref: `component:default/c${i}`,
        hash: `h${i}`,
      }));
      await store.replaceEmitted(many);
      expect((await store.readEmitted()).size).toBe(1200);
      await store.replaceEmitted(many.slice(0, 2));
      await store.updateEmitted(
        [
          { ref: 'component:default/c0', hash: 'changed' },
          { ref: 'component:default/new', hash: 'n' },
        ],
        ['component:default/c1'],
      );
      expect(await store.readEmitted()).toEqual(
        new Map([
          ['component:default/c0', 'changed'],
          ['component:default/new', 'n'],
        ]),
      );
      await knex.destroy();
    });
  },
);
