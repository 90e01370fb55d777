import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { CanaryStore } from './CanaryStore';
import { insertHistory, requireCanary } from './history';
import { claimDueRows, renewLeaseRows } from './leases';
import {
  CANARIES,
  CanaryRow,
  EVENTS,
  EventRow,
  isUniqueViolation,
  toCanary,
  toEvent,
  toVerdict,
  VERDICTS,
  verdictRow,
  VerdictRow,
} from './rows';
import { refuseStaleSave, savedColumns } from './saving';
import {
  CanaryUpdate,
  CanaryWorkload,
  ClaimOptions,
  NewCanary,
  NewCanaryEvent,
  NewVerdict,
  StoredCanary,
  StoredCanaryEvent,
  StoredVerdict,
} from './types';

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-console-backend',
  'migrations',
);

/**
 * {@link CanaryStore} in the plugin's database.
 *
 * @internal
 */
/** A canary saved this often while being read is shown as last read. */
const MAX_READS = 5;

export class DatabaseCanaryStore implements CanaryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseCanaryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCanaryStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async create(canary: NewCanary): Promise<StoredCanary> {
    const now = canary.now ?? new Date();
    const id = canary.id ?? randomUUID();
    const workload = pickWorkload(canary);
    try {
      await this.db.transaction(async tx => {
        // Where the database has no partial unique index this is the only
        // guard; where it has one, this still gives the clearer message.
        let running = tx<CanaryRow>(CANARIES)
          .where(workload)
          .whereNull('finished_at');
        if (supportsRowLocks(tx)) running = running.forUpdate();
        const found = await running.first();
        if (found) throw alreadyRunning(found);
        await tx<CanaryRow>(CANARIES).insert({
          id,
          entity_ref: canary.entityRef,
          ...workload,
          canary_name: canary.canaryName,
          spec: JSON.stringify(canary.spec),
          impersonation: JSON.stringify(canary.impersonation),
          baseline: JSON.stringify(canary.baseline),
          actor: canary.actor,
          outcome: null,
          version: 1,
          lease_owner: null,
          lease_expires_at: null,
          created_at: now,
          ...savedColumns(canary, now),
        });
        await insertHistory(tx, id, canary.events, [], now);
      });
    } catch (error) {
      // Two creates that both passed the check above: the index let one in.
      if (!isUniqueViolation(error)) throw error;
      const found = await this.db<CanaryRow>(CANARIES)
        .where(workload)
        .whereNull('finished_at')
        .first();
      throw found ? alreadyRunning(found) : error;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<StoredCanary | undefined> {
    const row = await this.db<CanaryRow>(CANARIES).where({ id }).first();
    return row && toCanary(row);
  }

  async listForEntity(
    entityRef: string,
    options: { limit?: number } = {},
  ): Promise<StoredCanary[]> {
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    const rows = await this.db<CanaryRow>(CANARIES)
      .where({ entity_ref: entityRef })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toCanary);
  }

  async listActive(
    filter: { entityRefs?: string[]; cluster?: string } = {},
  ): Promise<StoredCanary[]> {
    let query = this.db<CanaryRow>(CANARIES).whereNull('finished_at');
    if (filter.entityRefs)
      query = query.whereIn('entity_ref', filter.entityRefs);
    if (filter.cluster) query = query.andWhere({ cluster: filter.cluster });
    const rows = await query.orderBy('created_at').orderBy('id');
    return rows.map(toCanary);
  }

  async claimDue(options: ClaimOptions): Promise<StoredCanary[]> {
    if (!(options.leaseMs > 0) || !(options.limit > 0)) {
      throw new RangeError('claimDue needs a positive leaseMs and limit');
    }
    return (await claimDueRows(this.db, options)).map(toCanary);
  }

  async save(id: string, update: CanaryUpdate): Promise<number> {
    const now = update.now ?? new Date();
    return this.db.transaction(async tx => {
      let query = tx<CanaryRow>(CANARIES).where({ id });
      if (supportsRowLocks(tx)) query = query.forUpdate();
      const row = await query.first();
      if (!row) throw new NotFoundError(`There is no canary ${id}`);
      refuseStaleSave(row, update, now);
      const version = update.expectedVersion + 1;
      const releases = Boolean(update.finished || update.lease?.release);
      const changed = await tx<CanaryRow>(CANARIES)
        .where({ id, version: update.expectedVersion })
        .whereNull('finished_at')
        .update({
          ...savedColumns(update, now),
          version,
          ...(update.finished && {
            outcome: update.finished.outcome,
            finished_at: new Date(update.finished.at),
            next_run_at: null,
          }),
          ...(releases && { lease_owner: null, lease_expires_at: null }),
        });
      // The row lock (or SQLite's single writer) makes this unreachable;
      // it keeps the compare-and-set honest on a database with neither.
      if (changed !== 1) {
        throw new ConflictError(`Canary ${id} changed while being saved`);
      }
      await insertHistory(tx, id, update.events, update.verdicts, now);
      return version;
    });
  }

  async renewLease(
    id: string,
    owner: string,
    leaseMs: number,
    now: Date = new Date(),
  ): Promise<boolean> {
    const held = await this.renewLeases(owner, [id], leaseMs, now);
    return held.includes(id);
  }

  async renewLeases(
    owner: string,
    ids: string[],
    leaseMs: number,
    now: Date = new Date(),
  ): Promise<string[]> {
    return renewLeaseRows(this.db, owner, ids, { leaseMs, now });
  }

  async releaseLease(
    id: string,
    owner: string,
    options: { nextRunAt?: string | null } = {},
  ): Promise<boolean> {
    const { nextRunAt } = options;
    const changed = await this.db<CanaryRow>(CANARIES)
      .where({ id, lease_owner: owner })
      .update({
        lease_owner: null,
        lease_expires_at: null,
        ...(nextRunAt !== undefined && {
          next_run_at: nextRunAt === null ? null : new Date(nextRunAt),
        }),
      });
    return changed > 0;
  }

  async addVerdict(
    canaryId: string,
    verdict: NewVerdict,
  ): Promise<StoredVerdict> {
    const row = verdictRow(canaryId, verdict);
    await this.db.transaction(async tx => {
      await requireCanary(tx, canaryId);
      await tx<VerdictRow>(VERDICTS).insert(row);
    });
    return toVerdict(row);
  }

  async listVerdicts(canaryId: string): Promise<StoredVerdict[]> {
    const rows = await this.db<VerdictRow>(VERDICTS)
      .where({ canary_id: canaryId })
      .orderBy('judged_at')
      .orderBy('id');
    return rows.map(toVerdict);
  }

  async addEvent(canaryId: string, event: NewCanaryEvent): Promise<void> {
    await this.db.transaction(async tx => {
      await requireCanary(tx, canaryId);
      await insertHistory(tx, canaryId, [event], [], new Date());
    });
  }

  async listEvents(canaryId: string): Promise<StoredCanaryEvent[]> {
    const rows = await this.db<EventRow>(EVENTS)
      .where({ canary_id: canaryId })
      .orderBy('id');
    return rows.map(toEvent);
  }

  async getWithHistory(id: string) {
    // A save writes the row, its verdicts and events in one transaction
    // and bumps the version: the same version before and after the two
    // lists means no save landed in between, on any database.
    for (let attempt = 1; ; attempt++) {
      const canary = await this.get(id);
      if (!canary) return undefined;
      const [verdicts, events] = await Promise.all([
        this.listVerdicts(id),
        this.listEvents(id),
      ]);
      const after = await this.get(id);
      if (after?.version === canary.version || attempt === MAX_READS) {
        return { canary, verdicts, events };
      }
    }
  }
}

function pickWorkload(workload: CanaryWorkload): CanaryWorkload {
  const { cluster, namespace, name } = workload;
  return { cluster, namespace, name };
}

function alreadyRunning(row: CanaryRow): ConflictError {
  return new ConflictError(
    `Deployment ${row.namespace}/${row.name} on cluster ${row.cluster} already has a canary running: ` +
      `${row.id}, started by ${row.actor}, now ${row.phase}. Promote or abort it first.`,
  );
}
