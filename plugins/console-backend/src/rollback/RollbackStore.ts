import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { RollbackStatus } from '@paasport/plugin-console-common';
import { Knex } from 'knex';

const TABLE = 'console_rollbacks';

/** @internal */
export interface StoredRollback extends RollbackStatus {
  targetGeneration: number;
}

/** @internal */
export type RollbackUpdate = Pick<RollbackStatus, 'status'> &
  Partial<Pick<RollbackStatus, 'message' | 'newRevision' | 'finishedAt'>>;

type RollbackRow = {
  id: string;
  entity_ref: string;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  from_revision: number;
  to_revision: number;
  new_revision: number | null;
  target_generation: number;
  reason: string;
  actor: string;
  forced: boolean | number;
  status: string;
  message: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
  finished_at: Date | string | number | null;
};

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-console-backend',
  'migrations',
);

/**
 * Rollbacks and their rollout progress, in the plugin's database.
 *
 * @internal
 */
export class DatabaseRollbackStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRollbackStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRollbackStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async insert(rollback: StoredRollback): Promise<void> {
    await this.db<RollbackRow>(TABLE).insert({
      id: rollback.id,
      entity_ref: rollback.entityRef,
      cluster: rollback.cluster,
      namespace: rollback.namespace,
      kind: rollback.kind,
      name: rollback.name,
      from_revision: rollback.fromRevision,
      to_revision: rollback.toRevision,
      new_revision: rollback.newRevision ?? null,
      target_generation: rollback.targetGeneration,
      reason: rollback.reason,
      actor: rollback.actor,
      forced: rollback.forced,
      status: rollback.status,
      message: rollback.message ?? null,
      created_at: new Date(rollback.createdAt),
      updated_at: new Date(rollback.updatedAt),
      finished_at: rollback.finishedAt ? new Date(rollback.finishedAt) : null,
    });
  }

  async get(id: string): Promise<StoredRollback | undefined> {
    const row = await this.db<RollbackRow>(TABLE).where({ id }).first();
    return row && toRollback(row);
  }

  async listProgressing(): Promise<StoredRollback[]> {
    const rows = await this.db<RollbackRow>(TABLE)
      .where({ status: 'progressing' })
      .orderBy('created_at');
    return rows.map(toRollback);
  }

  /** Every rollback of one workload, oldest first. */
  async listForWorkload(workload: {
    cluster: string;
    namespace: string;
    name: string;
  }): Promise<StoredRollback[]> {
    const rows = await this.db<RollbackRow>(TABLE)
      .where(workload)
      .orderBy('created_at');
    return rows.map(toRollback);
  }

  async update(id: string, update: RollbackUpdate): Promise<void> {
    // Only while it is still progressing: replicas refresh the same rollback
    // from their own caches, and one whose cache lags must not undo another's
    // final answer.
    await this.db<RollbackRow>(TABLE)
      .where({ id, status: 'progressing' })
      .update({
        status: update.status,
        message: update.message ?? null,
        ...(update.newRevision !== undefined && {
          new_revision: update.newRevision,
        }),
        ...(update.finishedAt && { finished_at: new Date(update.finishedAt) }),
        updated_at: new Date(),
      });
  }
}

function iso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toRollback(row: RollbackRow): StoredRollback {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    kind: row.kind as StoredRollback['kind'],
    name: row.name,
    fromRevision: row.from_revision,
    toRevision: row.to_revision,
    ...(row.new_revision !== null && { newRevision: row.new_revision }),
    targetGeneration: Number(row.target_generation),
    reason: row.reason,
    actor: row.actor,
    forced: Boolean(row.forced),
    status: row.status as StoredRollback['status'],
    ...(row.message !== null && { message: row.message }),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(row.finished_at !== null && { finishedAt: iso(row.finished_at) }),
  };
}
