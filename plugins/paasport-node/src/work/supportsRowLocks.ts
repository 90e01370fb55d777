import type { Knex } from 'knex';

/**
 * Whether the database locks rows (`SELECT … FOR UPDATE [SKIP LOCKED]`):
 * PostgreSQL and MySQL do; SQLite serialises writers instead, where a guarded
 * update decides who wins a claim.
 *
 * @public
 */
export function supportsRowLocks(db: Knex): boolean {
  const client = String(db.client.config.client);
  return client === 'pg' || client.startsWith('mysql');
}
