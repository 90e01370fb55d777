import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { supportsRowLocks } from '@paasport/plugin-paasport-node';
import { insertWithinQuota, QuotaLimits } from './requestCreation';
import {
  BindingRow,
  EventRow,
  LIVE_BINDING_STATES,
  LIVE_REQUEST_STATES,
  RequestRow,
  toDate,
} from './rows';
import {
  applyTransition,
  claimDue,
  releaseLease,
  renewLeases,
  Transition,
} from './transitions';

export type { QuotaLimits };

const migrationsDir = resolvePackagePath(
  '@paasport/plugin-marketplace-backend',
  'migrations',
);

/** Rows the processor leases. */
export type LeasedKind = 'request' | 'binding';

function tableOf(kind: LeasedKind) {
  return kind === 'request' ? 'marketplace_requests' : 'marketplace_bindings';
}

/** Which requests to list. */
export interface RequestFilter {
  createdBy?: string;
  teams?: string[];
  states?: string[];
  limit?: number;
}

/**
 * Requests, bindings and their history in the plugin's database.
 */
export class DatabaseMarketplaceStore {
  /** Tail of the in-process queue of quota checks, per team. */
  private readonly teamQueues = new Map<string, Promise<unknown>>();

  private constructor(private readonly db: Knex) {}

  /**
   * Runs quota checks of one team one after the other within this process,
   * so that waiting for the team's row lock never holds more than one pooled
   * connection per team (the row lock still orders replicas).
   */
  private serialize<T>(team: string, work: () => Promise<T>): Promise<T> {
    const run = (this.teamQueues.get(team) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.teamQueues.set(team, tail);
    tail.then(() => {
      if (this.teamQueues.get(team) === tail) this.teamQueues.delete(team);
    });
    return run;
  }

  static async create(options: {
    database: DatabaseService | Knex;
    skipMigrations?: boolean;
  }): Promise<DatabaseMarketplaceStore> {
    const { database } = options;
    const db = 'getClient' in database ? await database.getClient() : database;
    const skip =
      options.skipMigrations ??
      ('migrations' in database && database.migrations?.skip);
    if (!skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMarketplaceStore(db);
  }

  /** Reverts every migration (tests). */
  static async rollbackAll(db: Knex): Promise<void> {
    await db.migrate.rollback({ directory: migrationsDir }, true);
  }

  /**
   * Inserts a request after checking, under a per-team lock, that the name
   * is free and the quota holds; a repeated idempotency key returns the
   * request made the first time instead.
   */
  async createRequest(
    row: RequestRow,
    limits: QuotaLimits,
    firstEvents: Array<{ to: string; message: string }>,
    binding?: BindingRow,
  ): Promise<{ row: RequestRow; created: boolean }> {
    return this.serialize(row.team_ref, () =>
      insertWithinQuota(this.db, row, limits, firstEvents, binding),
    );
  }

  async getRequest(id: string): Promise<RequestRow | undefined> {
    return this.db<RequestRow>('marketplace_requests').where({ id }).first();
  }

  async listRequests(filter: RequestFilter): Promise<RequestRow[]> {
    let query = this.db<RequestRow>('marketplace_requests')
      .orderBy('created_at', 'desc')
      .limit(filter.limit ?? 500);
    if (filter.createdBy) query = query.where('created_by', filter.createdBy);
    if (filter.teams) query = query.whereIn('team_ref', filter.teams);
    if (filter.states) query = query.whereIn('state', filter.states);
    return query;
  }

  /**
   * Live requests of a System, or of a Component: requested for it, or with a
   * live binding used by it.
   */
  async listForEntity(
    entity: { system: string } | { component: string },
  ): Promise<RequestRow[]> {
    const query = this.db<RequestRow>('marketplace_requests')
      .whereIn('state', LIVE_REQUEST_STATES)
      .orderBy('created_at', 'desc')
      .limit(500);
    if ('system' in entity) return query.where('system_ref', entity.system);
    return query.where(q =>
      q
        .where('component_ref', entity.component)
        .orWhereIn(
          'id',
          this.db('marketplace_bindings')
            .select('request_id')
            .where('component_ref', entity.component)
            .whereIn('state', LIVE_BINDING_STATES),
        ),
    );
  }

  /** Live bindings of several requests, oldest first. */
  async listLiveBindingsOf(requestIds: string[]): Promise<BindingRow[]> {
    if (requestIds.length === 0) return [];
    return this.db<BindingRow>('marketplace_bindings')
      .whereIn('request_id', requestIds)
      .whereIn('state', LIVE_BINDING_STATES)
      .orderBy('created_at');
  }

  async teamUsage(
    team: string,
  ): Promise<{ instances: number; sizeGb: number }> {
    const [usage] = await this.db('marketplace_requests')
      .where('team_ref', team)
      .whereIn('state', LIVE_REQUEST_STATES)
      .count({ count: '*' })
      .sum({ size: 'size_gb' });
    return { instances: Number(usage.count), sizeGb: Number(usage.size ?? 0) };
  }

  transitionRequest(id: string, change: Transition<RequestRow>) {
    return applyTransition<RequestRow>(
      this.db,
      'marketplace_requests',
      id,
      change,
    );
  }

  /** A request's history, oldest first; only events after `afterId` if given. */
  async listEvents(requestId: string, afterId?: number): Promise<EventRow[]> {
    let query = this.db<EventRow>('marketplace_request_events')
      .where('request_id', requestId)
      .orderBy('id');
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    return query;
  }

  /** Inserts a binding unless a live one of that name exists (then returns it). */
  async createBinding(
    row: BindingRow,
  ): Promise<{ row: BindingRow; created: boolean }> {
    return this.db.transaction(async tx => {
      let parent = tx('marketplace_requests').where('id', row.request_id);
      if (supportsRowLocks(this.db)) parent = parent.forUpdate();
      await parent;
      const existing = await tx<BindingRow>('marketplace_bindings')
        .where({ request_id: row.request_id, name: row.name })
        .whereIn('state', LIVE_BINDING_STATES)
        .first();
      if (existing) return { row: existing, created: false };
      await tx('marketplace_bindings').insert(row);
      await tx('marketplace_request_events').insert({
        request_id: row.request_id,
        binding_id: row.id,
        from_state: null,
        to_state: row.state,
        actor: row.created_by,
        message: `Binding ${row.name} requested`,
        created_at: row.created_at,
      });
      return { row, created: true };
    });
  }

  async getBinding(
    requestId: string,
    id: string,
  ): Promise<BindingRow | undefined> {
    return this.db<BindingRow>('marketplace_bindings')
      .where({ request_id: requestId, id })
      .first();
  }

  async listBindings(
    requestId: string,
    liveOnly = false,
  ): Promise<BindingRow[]> {
    let query = this.db<BindingRow>('marketplace_bindings')
      .where('request_id', requestId)
      .orderBy('created_at');
    if (liveOnly) query = query.whereIn('state', LIVE_BINDING_STATES);
    return query;
  }

  transitionBinding(id: string, change: Transition<BindingRow>) {
    return applyTransition<BindingRow>(
      this.db,
      'marketplace_bindings',
      id,
      change,
    );
  }

  claimRequests(owner: string, options: { leaseMs: number; limit: number }) {
    return claimDue<RequestRow>(
      this.db,
      'marketplace_requests',
      owner,
      options,
    );
  }

  claimBindings(owner: string, options: { leaseMs: number; limit: number }) {
    return claimDue<BindingRow>(
      this.db,
      'marketplace_bindings',
      owner,
      options,
    );
  }

  /** When the earliest request or binding falls due, if any. */
  async nextDueAt(): Promise<Date | undefined> {
    const dates: Date[] = [];
    for (const table of ['marketplace_requests', 'marketplace_bindings']) {
      // Rows leased by another processor are its business, not ours to wait for.
      const now = new Date();
      const [row] = await this.db(table)
        .whereNotNull('next_attempt_at')
        .andWhere(q =>
          q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now),
        )
        .min({ next: 'next_attempt_at' });
      if (row?.next !== null && row?.next !== undefined)
        dates.push(toDate(row.next));
    }
    return dates.sort((a, b) => a.getTime() - b.getTime())[0];
  }

  release(kind: LeasedKind, id: string, owner: string) {
    return releaseLease(this.db, tableOf(kind), id, owner);
  }

  /**
   * Extends `owner`'s unexpired leases among `ids` (the heartbeat of work in
   * progress); returns the ids it still holds.
   */
  renewLeases(
    kind: LeasedKind,
    owner: string,
    ids: string[],
    options: { leaseMs: number },
  ): Promise<string[]> {
    return renewLeases(this.db, tableOf(kind), owner, ids, options);
  }
}
