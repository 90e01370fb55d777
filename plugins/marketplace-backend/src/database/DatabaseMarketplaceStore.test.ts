import { ConflictError, NotAllowedError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseMarketplaceStore } from './DatabaseMarketplaceStore';
import { BindingRow, RequestRow, toDate } from './rows';

jest.setTimeout(60_000);

function requestRow(overrides: Partial<RequestRow> = {}): RequestRow {
  const now = new Date();
  return {
    id: randomUUID(),
    name: 'orders-db',
    offering_id: 'mysql',
    plan_id: 'small',
    provider: 'fake:test',
    provider_options: '{}',
    team_ref: 'group:default/storefront',
    system_ref: 'system:default/shop',
    namespace: 'storefront',
    cluster: null,
    component_ref: null,
    parameters: '{}',
    size_gb: 1,
    state: 'pending',
    orphan_cleanup: false,
    force_delete: false,
    operation: null,
    attempts: 0,
    last_error: null,
    next_attempt_at: now,
    step_started_at: now,
    lease_owner: null,
    lease_expires_at: null,
    created_by: 'user:default/alice',
    acting_for: null,
    idempotency_key: null,
    request_hash: 'h1',
    decided_by: null,
    decision_reason: null,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}

function bindingRow(requestId: string): BindingRow {
  const now = new Date();
  return {
    id: randomUUID(),
    request_id: requestId,
    name: 'api',
    namespace: 'storefront',
    cluster: null,
    component_ref: null,
    secret_name: 'orders-db-api',
    state: 'pending',
    orphan_cleanup: false,
    attempts: 0,
    last_error: null,
    delivered_at: null,
    next_attempt_at: now,
    lease_owner: null,
    lease_expires_at: null,
    created_by: 'user:default/alice',
    acting_for: null,
    created_at: now,
    updated_at: now,
  };
}

const limits = { instances: 3, totalSizeGb: 10 };
const events = [{ to: 'pending', message: 'Requested' }];

describe('DatabaseMarketplaceStore', () => {
  const databases = createTestDatabases();

  async function store(id: Parameters<typeof databases.init>[0]) {
    return DatabaseMarketplaceStore.create({
      database: await databases.init(id),
    });
  }

  it.each(databases.eachSupportedId())(
    'enforces quotas and unique live names per team on %p',
    async id => {
      const s = await store(id);
      await s.createRequest(
        requestRow({ name: 'a', size_gb: 4 }),
        limits,
        events,
      );
      await expect(
        s.createRequest(requestRow({ name: 'a' }), limits, events),
      ).rejects.toThrow(ConflictError);
      await expect(
        s.createRequest(requestRow({ name: 'b', size_gb: 7 }), limits, events),
      ).rejects.toThrow(NotAllowedError);
      await s.createRequest(
        requestRow({ name: 'b', size_gb: 6 }),
        limits,
        events,
      );
      // Another team has its own quota.
      await s.createRequest(
        requestRow({ name: 'a', team_ref: 'group:default/payments' }),
        limits,
        events,
      );
      const c = await s.createRequest(
        requestRow({ name: 'c', size_gb: 0 }),
        limits,
        events,
      );
      await expect(
        s.createRequest(requestRow({ name: 'd', size_gb: 0 }), limits, events),
      ).rejects.toThrow(/3 instances/);
      // Deleted instances free their slot and their name.
      await s.transitionRequest(c.row.id, {
        patch: { state: 'deleted' },
        actor: 'test',
      });
      await s.createRequest(
        requestRow({ name: 'c', size_gb: 0 }),
        limits,
        events,
      );
      expect(await s.teamUsage('group:default/storefront')).toEqual({
        instances: 3,
        sizeGb: 10,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'replays idempotency keys, even under concurrency, on %p',
    async id => {
      const s = await store(id);
      const rows = Array.from({ length: 6 }, () =>
        requestRow({ idempotency_key: 'k1' }),
      );
      const results = await Promise.all(
        rows.map(r => s.createRequest(r, limits, events)),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      expect(new Set(results.map(r => r.row.id)).size).toBe(1);
      await expect(
        s.createRequest(
          requestRow({ idempotency_key: 'k1', request_hash: 'other' }),
          limits,
          events,
        ),
      ).rejects.toThrow(/Idempotency-Key/);
      // Keys are per user.
      const bob = await s.createRequest(
        requestRow({
          name: 'x',
          idempotency_key: 'k1',
          created_by: 'user:default/bob',
        }),
        limits,
        events,
      );
      expect(bob.created).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'records history with every transition and honours guards on %p',
    async id => {
      const s = await store(id);
      const { row } = await s.createRequest(requestRow(), limits, events);
      expect(
        await s.transitionRequest(row.id, {
          fromStates: ['ready'],
          patch: { state: 'deleted' },
          actor: 'x',
        }),
      ).toBeUndefined();
      expect(
        await s.transitionRequest(row.id, {
          leaseOwner: 'nobody',
          patch: { state: 'ready' },
          actor: 'x',
        }),
      ).toBeUndefined();
      await s.transitionRequest(row.id, {
        fromStates: ['pending'],
        patch: { state: 'provisioning' },
        actor: 'processor',
        message: 'go',
      });
      await s.transitionRequest(row.id, {
        patch: { attempts: 1 },
        actor: 'processor',
      });
      const history = await s.listEvents(row.id);
      expect(history.map(e => [e.from_state, e.to_state, e.actor])).toEqual([
        [null, 'pending', 'user:default/alice'],
        ['pending', 'provisioning', 'processor'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leases each due row to one claimant only on %p',
    async id => {
      const s = await store(id);
      for (let i = 0; i < 3; i++) {
        await s.createRequest(
          requestRow({ name: `n${i}`, team_ref: `group:default/t${i}` }),
          limits,
          events,
        );
      }
      await s.createRequest(
        requestRow({
          name: 'later',
          next_attempt_at: new Date(Date.now() + 60_000),
        }),
        limits,
        events,
      );
      const [a, b] = await Promise.all([
        s.claimRequests('a', { leaseMs: 60_000, limit: 2 }),
        s.claimRequests('b', { leaseMs: 60_000, limit: 2 }),
      ]);
      const ids = [...a, ...b].map(r => r.id);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
      expect(
        await s.claimRequests('c', { leaseMs: 60_000, limit: 10 }),
      ).toEqual([]);
      // A released row is claimable again; an expired lease is too.
      await s.release('request', a[0].id, 'a');
      expect(
        (await s.claimRequests('c', { leaseMs: -1, limit: 10 })).map(r => r.id),
      ).toEqual([a[0].id]);
      expect(
        (await s.claimRequests('d', { leaseMs: 60_000, limit: 10 })).map(
          r => r.id,
        ),
      ).toEqual([a[0].id]);
    },
  );

  it.each(databases.eachSupportedId())(
    'records in the history when a row is taken over from a processor whose lease ran out on %p',
    async id => {
      const s = await store(id);
      const { row } = await s.createRequest(requestRow(), limits, events);
      const binding = await s.createBinding(bindingRow(row.id));
      // 'a' claims both and stops (leaseMs -1: as if it had died a while ago).
      const [claimed] = await s.claimRequests('a', { leaseMs: -1, limit: 5 });
      await s.claimBindings('a', { leaseMs: -1, limit: 5 });
      const expiredAt = toDate(claimed.lease_expires_at!).toISOString();
      const bindingExpiry = toDate(
        (await s.getBinding(row.id, binding.row.id))!.lease_expires_at!,
      ).toISOString();

      expect(
        (await s.claimRequests('b', { leaseMs: 60_000, limit: 5 })).map(
          r => r.lease_owner,
        ),
      ).toEqual(['b']);
      expect(
        (await s.claimBindings('b', { leaseMs: 60_000, limit: 5 })).map(
          r => r.id,
        ),
      ).toEqual([binding.row.id]);
      const takeovers = (await s.listEvents(row.id)).filter(
        e => e.actor === 'processor',
      );
      expect(
        takeovers.map(e => [e.binding_id, e.from_state, e.to_state, e.message]),
      ).toEqual([
        [
          null,
          'pending',
          'pending',
          `a stopped holding this request (lease expired at ${expiredAt}); taken over by b`,
        ],
        [
          binding.row.id,
          'pending',
          'pending',
          `a stopped holding this binding (lease expired at ${bindingExpiry}); taken over by b`,
        ],
      ]);

      // A lease given back is no interruption: no event when it is claimed again.
      await s.release('request', row.id, 'b');
      expect(
        await s.claimRequests('c', { leaseMs: 60_000, limit: 5 }),
      ).toHaveLength(1);
      expect(
        (await s.listEvents(row.id)).filter(e => e.actor === 'processor'),
      ).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'renews only the leases an owner still holds, never an expired one, on %p',
    async id => {
      const s = await store(id);
      const held = await s.createRequest(requestRow(), limits, events);
      const lapsed = await s.createRequest(
        requestRow({ name: 'lapsed' }),
        limits,
        events,
      );
      await s.claimRequests('a', { leaseMs: 60_000, limit: 1 });
      await s.claimRequests('a', { leaseMs: -1, limit: 1 });
      const before = toDate(
        (await s.getRequest(held.row.id))!.lease_expires_at!,
      ).getTime();
      const ids = [held.row.id, lapsed.row.id];

      expect(await s.renewLeases('request', 'b', ids, { leaseMs: 1 })).toEqual(
        [],
      );
      expect(
        await s.renewLeases('request', 'a', ids, { leaseMs: 120_000 }),
      ).toEqual([held.row.id]);
      const after = await s.getRequest(held.row.id);
      expect(after!.lease_owner).toBe('a');
      expect(toDate(after!.lease_expires_at!).getTime()).toBeGreaterThan(
        before,
      );
      // The lapsed row stays free for anyone to take over.
      expect(
        (await s.claimRequests('b', { leaseMs: 60_000, limit: 5 })).map(
          r => r.id,
        ),
      ).toEqual([lapsed.row.id]);
    },
  );
});
