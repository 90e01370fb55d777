import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import { createHash } from 'node:crypto';
import { LocationRegistration, LocationRegistrationStore } from '../types';

const TABLE = 'paasport_location_registrations';
// The table lives in the catalog's database: a migrations table of our own
// keeps our history apart from the catalog's (and from discovery's, which
// only migrates when discovery is enabled).
const MIGRATIONS_TABLE = 'paasport_registrations_knex_migrations';

type RegistrationRow = {
  location_key: string;
  location_ref: string;
  user_entity_ref: string;
  registered_at: Date | string | number;
  attempt_id: string;
  // SQLite returns booleans as 0/1.
  confirmed: boolean | number;
};

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-catalog-backend-module-paasport',
  'migrations/registrations',
);

/**
 * Location registrations in the catalog database, shared by all replicas.
 *
 * @public
 */
export class DatabaseLocationRegistrationStore
  implements LocationRegistrationStore
{
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseLocationRegistrationStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest(DatabaseLocationRegistrationStore.migrations);
    }
    return new DatabaseLocationRegistrationStore(client);
  }

  /** The migration settings, for tests that migrate up and down. */
  static readonly migrations = {
    directory: migrationsDir,
    tableName: MIGRATIONS_TABLE,
  };

  private constructor(private readonly db: Knex) {}

  async find(locationRef: string): Promise<LocationRegistration | undefined> {
    const row = await this.db<RegistrationRow>(TABLE)
      .where({ location_key: keyOf(locationRef) })
      .first();
    return row && fromRow(row);
  }

  async recordPending(
    registration: Omit<LocationRegistration, 'confirmed'>,
    options: { replacing?: string } = {},
  ): Promise<boolean> {
    const row: RegistrationRow = {
      location_key: keyOf(registration.locationRef),
      location_ref: registration.locationRef,
      user_entity_ref: registration.userEntityRef,
      registered_at: registration.registeredAt,
      attempt_id: registration.attemptId,
      confirmed: false,
    };
    return this.db.transaction(async tx => {
      let query = tx<RegistrationRow>(TABLE).where({
        location_key: row.location_key,
      });
      // Keeps a confirmation from landing between the check and the write;
      // SQLite serialises writers anyway.
      if (supportsRowLocks(this.db)) query = query.forUpdate();
      const existing = await query.first();
      if (
        existing &&
        Boolean(existing.confirmed) &&
        existing.attempt_id !== options.replacing
      ) {
        return false;
      }
      // An unconfirmed record of another attempt is overwritten: it is either
      // a request that is still running for the same location (one of the
      // two will be refused by the catalog) or one that never finished.
      await tx<RegistrationRow>(TABLE)
        .insert(row)
        .onConflict('location_key')
        .merge();
      return true;
    });
  }

  async confirm(locationRef: string, attemptId: string): Promise<void> {
    await this.db<RegistrationRow>(TABLE)
      .where({ location_key: keyOf(locationRef), attempt_id: attemptId })
      .update({ confirmed: true });
  }

  async release(locationRef: string, attemptId: string): Promise<void> {
    await this.db<RegistrationRow>(TABLE)
      .where({
        location_key: keyOf(locationRef),
        attempt_id: attemptId,
        confirmed: false,
      })
      .delete();
  }
}

function keyOf(locationRef: string): string {
  return createHash('sha256').update(locationRef).digest('hex');
}

function fromRow(row: RegistrationRow): LocationRegistration {
  return {
    locationRef: row.location_ref,
    userEntityRef: row.user_entity_ref,
    registeredAt: new Date(row.registered_at),
    attemptId: row.attempt_id,
    confirmed: Boolean(row.confirmed),
  };
}
