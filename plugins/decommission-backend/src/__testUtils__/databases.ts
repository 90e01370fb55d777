import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * SQLite and the PostgreSQL 15 that runs on loopback. TestDatabases quietly
 * drops engines it cannot reach; we point it at the running server and
 * insist, so a missing PostgreSQL fails the suite instead of shrinking it.
 */
export function createTestDatabases(
  ids: TestDatabaseId[] = ['SQLITE_3', 'POSTGRES_15'],
) {
  process.env[PG_ENV] ??= 'postgresql://postgres@127.0.0.1:5432';
  const databases = TestDatabases.create({ ids, disableDocker: true });
  for (const id of ids) {
    if (!databases.supports(id)) {
      throw new Error(`Test database ${id} is not available`);
    }
  }
  return databases;
}
