import { Knex } from 'knex';
import path from 'node:path';

/** Lifecycle of an instance as the broker sees it. @public */
export type InstanceState =
  | 'provisioning'
  | 'ready'
  | 'failed'
  | 'deprovisioning'
  | 'deleted';

/** OSB operation states, spelled as the spec spells them. @public */
export type OperationState = 'in progress' | 'succeeded' | 'failed';

/** A row of `osb_instances`. @public */
export interface InstanceRow {
  instance_id: string;
  service_id: string;
  plan_id: string;
  parameters: string;
  context: string;
  resource_name: string;
  state: InstanceState;
  operation_id: string | null;
  originating_identity: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `osb_operations`. @public */
export interface OperationRow {
  id: string;
  instance_id: string;
  type: 'provision' | 'deprovision';
  state: OperationState;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `osb_bindings`. @public */
export interface BindingRow {
  instance_id: string;
  binding_id: string;
  service_id: string;
  plan_id: string;
  request: string;
  username: string;
  credentials: string;
  state: 'creating' | 'ready';
  created_at: string;
}

// Resolved through the package name so it works from the sources and from a build.
const migrationsDir = path.join(
  path.dirname(require.resolve('@paasport/service-broker/package.json')),
  'migrations',
);

/** Whether an error is a primary-key or unique violation on any supported database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'ER_DUP_ENTRY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/**
 * Persistence of the broker's state on PostgreSQL or SQLite.
 *
 * @public
 */
export class BrokerStore {
  private constructor(private readonly db: Knex) {}

  /** Applies pending migrations and returns the store. */
  static async create(db: Knex): Promise<BrokerStore> {
    await db.migrate.latest({
      directory: migrationsDir,
      tableName: 'osb_knex_migrations',
    });
    return new BrokerStore(db);
  }

  /** Reverts every migration (tests and uninstall). */
  static async rollbackAll(db: Knex): Promise<void> {
    await db.migrate.rollback(
      { directory: migrationsDir, tableName: 'osb_knex_migrations' },
      true,
    );
  }

  async getInstance(instanceId: string): Promise<InstanceRow | undefined> {
    return this.db<InstanceRow>('osb_instances')
      .where({ instance_id: instanceId })
      .first();
  }

  /** Inserts an instance and its first operation atomically. */
  async insertInstance(row: InstanceRow, operation: OperationRow) {
    await this.db.transaction(async tx => {
      await tx('osb_instances').insert(row);
      await tx('osb_operations').insert(operation);
    });
  }

  /** Replaces a deleted instance (its id is being reused) with a new one. */
  async reviveInstance(row: InstanceRow, operation: OperationRow) {
    await this.db.transaction(async tx => {
      const updated = await tx('osb_instances')
        .where({ instance_id: row.instance_id, state: 'deleted' })
        .update(row);
      if (updated !== 1) {
        throw Object.assign(new Error('Instance is not deleted'), {
          code: '23505',
        });
      }
      await tx('osb_operations').insert(operation);
    });
  }

  /** Moves an instance to a new state, optionally starting a new operation. */
  async setInstanceState(
    instanceId: string,
    state: InstanceState,
    operation?: OperationRow,
  ) {
    await this.db.transaction(async tx => {
      const patch: Partial<InstanceRow> = {
        state,
        updated_at: new Date().toISOString(),
      };
      if (operation) {
        patch.operation_id = operation.id;
        await tx('osb_operations').insert(operation);
      }
      await tx('osb_instances')
        .where({ instance_id: instanceId })
        .update(patch);
    });
  }

  async getOperation(id: string): Promise<OperationRow | undefined> {
    return this.db<OperationRow>('osb_operations').where({ id }).first();
  }

  /**
   * Records the outcome of an operation and the instance's new state in one
   * transaction: a platform that sees `succeeded` must find the instance ready.
   */
  async finishOperation(
    instanceId: string,
    operationId: string,
    outcome: { state: OperationState; description: string },
    instanceState: InstanceState,
  ) {
    const now = new Date().toISOString();
    await this.db.transaction(async tx => {
      // Only the first outcome counts: a second broker process that resumed
      // the same operation must not overwrite what the other one recorded.
      const changed = await tx('osb_operations')
        .where({ id: operationId, state: 'in progress' })
        .update({ ...outcome, updated_at: now });
      if (changed === 1) {
        await tx('osb_instances')
          .where({ instance_id: instanceId, operation_id: operationId })
          .update({ state: instanceState, updated_at: now });
      }
    });
  }

  /** Instances whose operation was interrupted, to resume after a restart. */
  async listUnfinished(): Promise<InstanceRow[]> {
    return this.db<InstanceRow>('osb_instances').whereIn('state', [
      'provisioning',
      'deprovisioning',
    ]);
  }

  async getBinding(
    instanceId: string,
    bindingId: string,
  ): Promise<BindingRow | undefined> {
    return this.db<BindingRow>('osb_bindings')
      .where({ instance_id: instanceId, binding_id: bindingId })
      .first();
  }

  async countBindings(instanceId: string): Promise<number> {
    const [{ count }] = await this.db('osb_bindings')
      .where({ instance_id: instanceId })
      .count({ count: '*' });
    return Number(count);
  }

  async insertBinding(row: BindingRow) {
    await this.db('osb_bindings').insert(row);
  }

  async markBindingReady(
    instanceId: string,
    bindingId: string,
    sealedCredentials: string,
  ) {
    await this.db('osb_bindings')
      .where({ instance_id: instanceId, binding_id: bindingId })
      .update({ state: 'ready', credentials: sealedCredentials });
  }

  async deleteBinding(instanceId: string, bindingId: string) {
    await this.db('osb_bindings')
      .where({ instance_id: instanceId, binding_id: bindingId })
      .delete();
  }
}
