import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  DecommissionAction,
  DecommissionItem,
  DecommissionItemStatus,
  DecommissionRun,
  DecommissionRunItem,
  DecommissionStep,
} from '@paasport/plugin-decommission-common';
import { Knex } from 'knex';

const RUNS = 'decommission_runs';
const ITEMS = 'decommission_items';

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-decommission-backend',
  'migrations',
);

type Timestamp = Date | string | number;

type RunRow = {
  id: string;
  entity_ref: string;
  kind: string;
  actor: string;
  status: string;
  active_entity_ref: string | null;
  attempts: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
};

type ItemRow = {
  run_id: string;
  key: string;
  position: number;
  step: string;
  action: string;
  title: string;
  entity_ref: string | null;
  note: string | null;
  target: string;
  status: string;
  outcome: string | null;
  error: string | null;
  updated_at: Timestamp | null;
};

/**
 * A run as stored; `status` is never `interrupted` here (that is derived
 * from `updatedAt` when the run is read).
 *
 * @internal
 */
export type StoredRun = Omit<DecommissionRun, 'summary'>;

/** @internal */
export interface ItemUpdate {
  status: DecommissionItemStatus;
  outcome?: string;
  error?: string;
}

/**
 * Decommission runs and their items, in the plugin's database.
 *
 * @internal
 */
export class DatabaseDecommissionStore {
  static async create(options: {
    database: DatabaseService | { getClient(): Promise<Knex> };
    skipMigrations?: boolean;
  }): Promise<DatabaseDecommissionStore> {
    const client = await options.database.getClient();
    const skip =
      options.skipMigrations ??
      ('migrations' in options.database &&
        options.database.migrations?.skip === true);
    if (!skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDecommissionStore(client);
  }

  /** Undoes every migration; for tests of the `down` path. */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Records a new running run with its items, unless the entity already has
   * a running one: then that one is returned and nothing is written.
   */
  async createRun(run: {
    id: string;
    entityRef: string;
    kind: 'Component' | 'System';
    actor: string;
    items: DecommissionItem[];
  }): Promise<{ run: StoredRun; created: boolean }> {
    const now = new Date();
    try {
      await this.db.transaction(async tx => {
        await tx<RunRow>(RUNS).insert({
          id: run.id,
          entity_ref: run.entityRef,
          kind: run.kind,
          actor: run.actor,
          status: 'running',
          active_entity_ref: run.entityRef,
          attempts: 1,
          created_at: now,
          updated_at: now,
          finished_at: null,
        });
        // Batches keep SQLite under its bound-parameter limit.
        await tx.batchInsert<ItemRow>(
          ITEMS,
          run.items.map((item, position) => ({
            run_id: run.id,
            key: item.key,
            position,
            step: item.step,
            action: item.action,
            title: item.title,
            entity_ref: item.entityRef ?? null,
            note: item.note ?? null,
            target: JSON.stringify(item.target),
            status: 'pending',
            outcome: null,
            error: null,
            updated_at: null,
          })),
          50,
        );
      });
    } catch (error) {
      const active = await this.activeRun(run.entityRef);
      if (active) return { run: active, created: false };
      throw error;
    }
    return { run: (await this.getRun(run.id))!, created: true };
  }

  async getRun(id: string): Promise<StoredRun | undefined> {
    const row = await this.db<RunRow>(RUNS).where({ id }).first();
    if (!row) return undefined;
    const items = await this.db<ItemRow>(ITEMS)
      .where({ run_id: id })
      .orderBy('position');
    return toRun(row, items);
  }

  /** The entity's running run, if any. */
  async activeRun(entityRef: string): Promise<StoredRun | undefined> {
    const row = await this.db<RunRow>(RUNS)
      .where({ active_entity_ref: entityRef })
      .first();
    return row ? this.getRun(row.id) : undefined;
  }

  /** Runs of an entity, newest first. */
  async listRuns(entityRef: string, limit = 20): Promise<StoredRun[]> {
    const rows = await this.db<RunRow>(RUNS)
      .where({ entity_ref: entityRef })
      .orderBy('created_at', 'desc')
      .limit(limit);
    const runs: StoredRun[] = [];
    for (const row of rows) {
      runs.push((await this.getRun(row.id))!);
    }
    return runs;
  }

  /**
   * Takes a failed run, or a running one without progress since
   * `staleBefore`, for another attempt. False if the run is in neither state
   * or another run of the entity is running.
   */
  async claimRetry(
    id: string,
    actor: string,
    staleBefore: Date,
  ): Promise<boolean> {
    const row = await this.db<RunRow>(RUNS).where({ id }).first();
    if (!row) return false;
    try {
      const updated = await this.db<RunRow>(RUNS)
        .where({ id })
        .andWhere(q =>
          q
            .where({ status: 'failed' })
            .orWhere(r =>
              r
                .where({ status: 'running' })
                .andWhere('updated_at', '<', staleBefore),
            ),
        )
        .update({
          status: 'running',
          active_entity_ref: row.entity_ref,
          actor,
          attempts: this.db.raw('attempts + 1') as unknown as number,
          updated_at: new Date(),
          finished_at: null,
        });
      return updated === 1;
    } catch (error) {
      // A unique violation: another run of the same entity is running.
      const active = await this.activeRun(row.entity_ref);
      if (active && active.id !== id) return false;
      throw error;
    }
  }

  async updateItem(
    runId: string,
    key: string,
    update: ItemUpdate,
  ): Promise<void> {
    const now = new Date();
    await this.db.transaction(async tx => {
      await tx<ItemRow>(ITEMS)
        .where({ run_id: runId, key })
        .update({
          status: update.status,
          outcome: update.outcome ?? null,
          error: update.error ?? null,
          updated_at: now,
        });
      // Every item is progress: it keeps the run from looking interrupted.
      await tx<RunRow>(RUNS).where({ id: runId }).update({ updated_at: now });
    });
  }

  /** Ends the current attempt and frees the entity for another run. */
  async finishRun(
    runId: string,
    status: 'succeeded' | 'failed',
  ): Promise<void> {
    const now = new Date();
    await this.db<RunRow>(RUNS).where({ id: runId }).update({
      status,
      active_entity_ref: null,
      updated_at: now,
      finished_at: now,
    });
  }
}

function iso(value: Timestamp): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toItem(row: ItemRow): DecommissionRunItem {
  return {
    key: row.key,
    step: row.step as DecommissionStep,
    action: row.action as DecommissionAction,
    title: row.title,
    ...(row.entity_ref !== null && { entityRef: row.entity_ref }),
    ...(row.note !== null && { note: row.note }),
    target: JSON.parse(row.target),
    status: row.status as DecommissionItemStatus,
    ...(row.outcome !== null && { outcome: row.outcome }),
    ...(row.error !== null && { error: row.error }),
    ...(row.updated_at !== null && { updatedAt: iso(row.updated_at) }),
  };
}

function toRun(row: RunRow, items: ItemRow[]): StoredRun {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    kind: row.kind as StoredRun['kind'],
    actor: row.actor,
    status: row.status as StoredRun['status'],
    attempts: Number(row.attempts),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(row.finished_at !== null && { finishedAt: iso(row.finished_at) }),
    items: items.map(toItem),
  };
}
