import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Workload } from './types';

const WORKLOADS = 'paasport_discovery_workloads';
const ENTITIES = 'paasport_discovery_entities';
// The tables live in the catalog's database: a migrations table of our own
// keeps our history apart from the catalog's.
const MIGRATIONS_TABLE = 'paasport_discovery_knex_migrations';
const CHUNK = 500;

type WorkloadsRow = {
  cluster: string;
  workloads: string;
  listed_at: Date | string | number;
};

type EntityRow = { entity_ref: string; hash: string };

/**
 * The last workload list of one cluster.
 *
 * @public
 */
export interface WorkloadSnapshot {
  workloads: Workload[];
  listedAt: Date;
}

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-catalog-backend-module-paasport',
  'migrations/discovery',
);

/**
 * Discovery's state in the catalog database, shared by all replicas.
 *
 * @public
 */
export class DiscoveryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DiscoveryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new DiscoveryStore(client);
  }

  /** The migration settings, for tests that migrate up and down. */
  static readonly migrations = {
    directory: migrationsDir,
    tableName: MIGRATIONS_TABLE,
  };

  private constructor(private readonly db: Knex) {}

  async readSnapshots(): Promise<Map<string, WorkloadSnapshot>> {
    const rows = await this.db<WorkloadsRow>(WORKLOADS).select();
    return new Map(
      rows.map(row => [
        row.cluster,
        {
          workloads: JSON.parse(row.workloads) as Workload[],
          listedAt: new Date(row.listed_at),
        },
      ]),
    );
  }

  async writeSnapshot(cluster: string, workloads: Workload[]): Promise<void> {
    await this.db<WorkloadsRow>(WORKLOADS)
      .insert({
        cluster,
        workloads: JSON.stringify(workloads),
        listed_at: new Date(),
      })
      .onConflict('cluster')
      .merge();
  }

  /** Forgets clusters that are no longer configured. */
  async keepSnapshotsOf(clusters: string[]): Promise<void> {
    await this.db<WorkloadsRow>(WORKLOADS)
      .whereNotIn('cluster', clusters)
      .delete();
  }

  /** Entity ref to hash of what was emitted last. */
  async readEmitted(): Promise<Map<string, string>> {
    const rows = await this.db<EntityRow>(ENTITIES).select();
    return new Map(rows.map(row => [row.entity_ref, row.hash]));
  }

  /** Records a full mutation: exactly these entities. */
  async replaceEmitted(entities: Array<{ ref: string; hash: string }>) {
    await this.db.transaction(async tx => {
      await tx<EntityRow>(ENTITIES).delete();
      await tx.batchInsert(ENTITIES, entities.map(toRow), CHUNK);
    });
  }

  /** Records a delta mutation. */
  async updateEmitted(
    added: Array<{ ref: string; hash: string }>,
    removed: string[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const refs = [...added.map(e => e.ref), ...removed];
      for (let i = 0; i < refs.length; i += CHUNK) {
        await tx<EntityRow>(ENTITIES)
          .whereIn('entity_ref', refs.slice(i, i + CHUNK))
          .delete();
      }
      await tx.batchInsert(ENTITIES, added.map(toRow), CHUNK);
    });
  }
}

function toRow(entity: { ref: string; hash: string }): EntityRow {
  return { entity_ref: entity.ref, hash: entity.hash };
}
