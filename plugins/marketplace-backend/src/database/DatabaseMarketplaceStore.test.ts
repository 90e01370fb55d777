import { ConflictError, NotAllowedError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseMarketplaceStore } from './DatabaseMarketplaceStore';
import { RequestRow } from './rows';

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
});
