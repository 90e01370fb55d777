import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { replicaName } from './replicaName';
import {
  LedgerEntry,
  LedgerResource,
  LedgerStatus,
  resourceKey,
} from './resources';
import { UNDO_CLAIMS_TABLE } from './TaskUndoClaims';

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-scaffolder-backend-module-paasport',
  'migrations',
);

// The ledger shares the scaffolder plugin's database; its own migrations table
// keeps its history apart from the scaffolder's (as the catalog's incremental
// ingestion module does in the catalog database).
const migrationsTable = 'paasport_task_ledger_migrations';

const TABLE = 'paasport_task_ledger';

interface LedgerRow {
  seq: number;
  task_id: string;
  initiator: string | null;
  step_id: string | null;
  kind: string;
  resource_key: string;
  resource: string;
  status: LedgerStatus;
  message: string | null;
  created_at: Date | string;
  undone_at: Date | string | null;
  recorded_by: string | null;
  undone_by: string | null;
}

const OPEN_STATUSES: LedgerStatus[] = ['created', 'intended'];

/**
 * What each scaffolder task created, so that a failed task can be undone.
 *
 * @public
 */
export class TaskLedger {
  private constructor(
    private readonly db: Knex,
    /** This process, as entries it records and settles name it. */
    readonly replica: string,
  ) {}

  /**
   * Opens the ledger (migrating it and the undo claims' tables).
   * `replica` names this process in what it records; a fresh
   * {@link replicaName} by default.
   */
  static async create(options: {
    database: DatabaseService | Knex;
    skipMigrations?: boolean;
    replica?: string;
  }): Promise<TaskLedger> {
    const { database } = options;
    const db = 'getClient' in database ? await database.getClient() : database;
    const skip =
      options.skipMigrations ??
      ('migrations' in database && database.migrations?.skip);
    if (!skip) {
      await db.migrate.latest({
        directory: migrationsDir,
        tableName: migrationsTable,
      });
    }
    return new TaskLedger(db, options.replica ?? replicaName());
  }

  /** Reverts the ledger's migrations (tests). */
  static async rollbackAll(db: Knex): Promise<void> {
    await db.migrate.rollback(
      { directory: migrationsDir, tableName: migrationsTable },
      true,
    );
  }

  /**
   * Records a resource; recording the same resource again for the same task
   * (a retried step) keeps the first entry. `initiator` is the user who
   * started the task, whom undo acts as.
   */
  async record(
    taskId: string,
    resource: LedgerResource,
    options: {
      initiator: string;
      stepId?: string;
      status?: 'created' | 'intended';
    },
  ): Promise<void> {
    await this.db<LedgerRow>(TABLE)
      .insert({
        task_id: taskId,
        initiator: options.initiator,
        step_id: options.stepId ?? null,
        kind: resource.type,
        resource_key: resourceKey(resource),
        resource: JSON.stringify(resource),
        status: options.status ?? 'created',
        recorded_by: this.replica,
      })
      .onConflict(['task_id', 'resource_key'])
      .ignore();
  }

  /** Every entry of a task, newest first: the order in which undo works. */
  async entries(taskId: string): Promise<LedgerEntry[]> {
    const rows = await this.db<LedgerRow>(TABLE)
      .where({ task_id: taskId })
      .orderBy('seq', 'desc');
    return rows.map(row => ({
      seq: row.seq,
      taskId: row.task_id,
      initiator: row.initiator ?? undefined,
      stepId: row.step_id ?? undefined,
      resource: JSON.parse(row.resource) as LedgerResource,
      status: row.status,
      message: row.message ?? undefined,
      createdAt: new Date(row.created_at),
      recordedBy: row.recorded_by ?? undefined,
      undoneBy: row.undone_by ?? undefined,
    }));
  }

  /**
   * The replicas (processes) that recorded a task's entries: the ones that
   * ran it. Empty for entries from before this was kept.
   */
  async replicasOf(taskId: string): Promise<string[]> {
    const rows = await this.db<LedgerRow>(TABLE)
      .where({ task_id: taskId })
      .whereNotNull('recorded_by')
      .distinct('recorded_by')
      .orderBy('recorded_by');
    return rows.map(row => row.recorded_by!);
  }

  /**
   * The user who started a task, as its entries recorded it; undefined for
   * a task with no entries or only entries from before it was kept.
   */
  async initiatorOf(taskId: string): Promise<string | undefined> {
    const row = await this.db<LedgerRow>(TABLE)
      .where({ task_id: taskId })
      .whereNotNull('initiator')
      .first('initiator');
    return row?.initiator ?? undefined;
  }

  /**
   * Stores what undo did with an entry, naming who did it (`by`, this
   * replica by default). With `leaseOwner` the write happens only while that
   * sweep holds the task's undo claim. Says whether the entry was written.
   */
  async settle(
    seq: number,
    status: Exclude<LedgerStatus, 'created' | 'intended'>,
    message: string,
    options: { by?: string; leaseOwner?: string } = {},
  ): Promise<boolean> {
    let query = this.db<LedgerRow>(TABLE).where({ seq });
    const { leaseOwner } = options;
    if (leaseOwner) {
      query = query.whereExists(claims =>
        this.undoClaimOfTask(claims).andWhere(
          `${UNDO_CLAIMS_TABLE}.lease_owner`,
          leaseOwner,
        ),
      );
    }
    const updated = await query.update({
      status,
      message,
      undone_at: new Date(),
      undone_by: options.by ?? leaseOwner ?? this.replica,
    });
    return updated > 0;
  }

  /**
   * Tasks with entries undo has not dealt with yet (`created` or
   * `intended`), oldest first: the ones a sweep has to look at. With
   * `skipLeasedAt`, tasks whose undo another sweep holds at that moment are
   * left out.
   */
  async tasksWithOpenEntries(
    limit = 100,
    options: { skipLeasedAt?: Date } = {},
  ): Promise<string[]> {
    const { skipLeasedAt } = options;
    let query = this.db<LedgerRow>(TABLE).whereIn('status', OPEN_STATUSES);
    if (skipLeasedAt) {
      query = query.whereNotExists(claims =>
        this.undoClaimOfTask(claims)
          .whereNotNull(`${UNDO_CLAIMS_TABLE}.lease_owner`)
          .andWhere(
            `${UNDO_CLAIMS_TABLE}.lease_expires_at`,
            '>=',
            skipLeasedAt,
          ),
      );
    }
    const rows = await query
      .groupBy('task_id')
      .select('task_id')
      .min({ first: 'seq' })
      .orderBy('first', 'asc')
      .limit(limit);
    return rows.map(row => row.task_id);
  }

  /** Drops a task's entries once it succeeded: there is nothing to undo. */
  async forget(taskId: string): Promise<number> {
    return this.db<LedgerRow>(TABLE).where({ task_id: taskId }).delete();
  }

  /** The undo claim of a ledger row's task, for `[NOT] EXISTS` subqueries. */
  private undoClaimOfTask(claims: Knex.QueryBuilder): Knex.QueryBuilder {
    return claims
      .select(this.db.raw('1'))
      .from(UNDO_CLAIMS_TABLE)
      .whereRaw('??.?? = ??.??', [
        UNDO_CLAIMS_TABLE,
        'task_id',
        TABLE,
        'task_id',
      ]);
  }
}
