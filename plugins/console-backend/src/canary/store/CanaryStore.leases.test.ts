import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import knexFactory, { Knex } from 'knex';
import {
  at,
  canaryState,
  canaryTestDatabases,
  newCanary,
} from './__testUtils__/canaryFixtures';
import { DatabaseCanaryStore } from './CanaryStore';

jest.setTimeout(60_000);

const databases = canaryTestDatabases();
const LEASE_MS = 60_000;

describe.each(databases.eachSupportedId())('canary leases on %p', id => {
  const opened: Knex[] = [];
  async function store(knex?: Knex) {
    const client = knex ?? (await databases.init(id));
    opened.push(client);
    return DatabaseCanaryStore.create({
      database: mockServices.database({ knex: client }),
    });
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map(k => k.destroy()));
  });

  it('claims only active canaries that are due, and leases them', async () => {
    const canaries = await store();
    const due = await canaries.create(newCanary());
    const later = await canaries.create(
      newCanary({ name: 'later', nextRunAt: at(600).toISOString() }),
    );
    await canaries.create(newCanary({ name: 'waiting', nextRunAt: null }));
    const ended = await canaries.create(newCanary({ name: 'ended' }));
    await canaries.save(ended.id, {
      expectedVersion: 1,
      state: canaryState({ phase: 'succeeded', message: 'promoted' }),
      nextRunAt: at(0).toISOString(),
      finished: { outcome: 'promoted', at: at(1).toISOString() },
    });

    const claimed = await canaries.claimDue({
      owner: 'a',
      now: at(60),
      leaseMs: LEASE_MS,
      limit: 10,
    });
    expect(claimed.map(c => c.id)).toEqual([due.id]);
    expect(claimed[0].lease).toEqual({
      owner: 'a',
      expiresAt: at(120).toISOString(),
    });
    expect(
      await canaries.claimDue({
        owner: 'b',
        now: at(61),
        leaseMs: LEASE_MS,
        limit: 10,
      }),
    ).toEqual([]);
    const next = await canaries.claimDue({
      owner: 'b',
      now: at(600),
      leaseMs: LEASE_MS,
      limit: 10,
    });
    // a's lease ran out at 120 s: its canary is due again, most overdue first.
    expect(next.map(c => c.id)).toEqual([due.id, later.id]);
  });

  it('lets another worker take over once a lease runs out, and the old holder lose', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    const claim = (owner: string, seconds: number) =>
      canaries.claimDue({
        owner,
        now: at(seconds),
        leaseMs: LEASE_MS,
        limit: 5,
      });
    expect(await claim('a', 0)).toHaveLength(1);

    // Renewed at 50 s, the lease holds until 110 s instead of 60 s.
    expect(await canaries.renewLease(canary.id, 'a', LEASE_MS, at(50))).toBe(
      true,
    );
    expect(await canaries.renewLease(canary.id, 'b', LEASE_MS, at(50))).toBe(
      false,
    );
    expect(await claim('b', 100)).toEqual([]);

    const taken = await claim('b', 110);
    expect(taken.map(c => c.lease?.owner)).toEqual(['b']);
    expect(await canaries.renewLease(canary.id, 'a', LEASE_MS, at(111))).toBe(
      false,
    );
    const lost = canaries.save(canary.id, {
      expectedVersion: 1,
      lease: { owner: 'a' },
      state: canaryState({ phase: 'analysing', message: 'by a' }),
      nextRunAt: null,
      now: at(111),
    });
    await expect(lost).rejects.toThrow(ConflictError);
    await expect(lost).rejects.toThrow('a no longer holds');
    expect(await canaries.listEvents(canary.id)).toEqual([
      expect.objectContaining({
        kind: 'takenOver',
        actor: 'paasport',
        message: expect.stringContaining('taken over by b'),
      }),
    ]);

    const version = await canaries.save(canary.id, {
      expectedVersion: 1,
      lease: { owner: 'b', release: true },
      state: canaryState({ phase: 'analysing', message: 'by b' }),
      nextRunAt: at(200).toISOString(),
      now: at(112),
    });
    expect(version).toBe(2);
    const saved = await canaries.get(canary.id);
    expect(saved).toMatchObject({ message: 'by b', version: 2 });
    expect(saved!.lease).toBeUndefined();
  });

  it('refuses a save under a lease that ran out, even before anyone took over', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    await canaries.claimDue({
      owner: 'a',
      now: at(0),
      leaseMs: LEASE_MS,
      limit: 1,
    });
    const save = (seconds: number) =>
      canaries.save(canary.id, {
        expectedVersion: 1,
        lease: { owner: 'a' },
        state: canaryState({ phase: 'analysing', message: 'judging' }),
        nextRunAt: null,
        now: at(seconds),
      });
    await expect(save(60)).rejects.toThrow(/has run out/);
    expect(await save(59)).toBe(2);
    // Kept without `release`: the worker still holds it.
    expect((await canaries.get(canary.id))!.lease?.owner).toBe('a');
  });

  it("lets a person's action overrule the worker holding the lease", async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    await canaries.claimDue({
      owner: 'a',
      now: at(0),
      leaseMs: LEASE_MS,
      limit: 1,
    });
    await canaries.save(canary.id, {
      expectedVersion: 1,
      state: canaryState({ phase: 'aborting', message: 'aborted by bob' }),
      nextRunAt: at(1).toISOString(),
      events: [{ kind: 'aborted', actor: 'user:default/bob', message: 'bad' }],
    });
    await expect(
      canaries.save(canary.id, {
        expectedVersion: 1,
        lease: { owner: 'a' },
        state: canaryState({ phase: 'analysing', message: 'by a' }),
        nextRunAt: null,
        now: at(2),
      }),
    ).rejects.toThrow(/changed meanwhile/);
    expect((await canaries.get(canary.id))!.message).toBe('aborted by bob');
  });

  it('gives a lease back without touching the state', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    await canaries.claimDue({
      owner: 'a',
      now: at(0),
      leaseMs: LEASE_MS,
      limit: 1,
    });
    expect(await canaries.releaseLease(canary.id, 'b')).toBe(false);
    expect(
      await canaries.releaseLease(canary.id, 'a', {
        nextRunAt: at(30).toISOString(),
      }),
    ).toBe(true);
    const released = await canaries.get(canary.id);
    expect(released).toMatchObject({
      version: 1,
      nextRunAt: at(30).toISOString(),
    });
    expect(released!.lease).toBeUndefined();
    expect(
      await canaries.claimDue({
        owner: 'b',
        now: at(29),
        leaseMs: LEASE_MS,
        limit: 1,
      }),
    ).toEqual([]);
    expect(
      await canaries.claimDue({
        owner: 'b',
        now: at(30),
        leaseMs: LEASE_MS,
        limit: 1,
      }),
    ).toHaveLength(1);
  });

  it('never hands one canary to two workers claiming at once', async () => {
    const first = await store();
    const knex = opened[0];
    // Two backend replicas: on PostgreSQL a second pool on the same database.
    const second =
      id === 'POSTGRES_15'
        ? await store(
            knexFactory({
              client: knex.client.config.client,
              connection: knex.client.config.connection,
            }),
          )
        : first;
    const total = 60;
    for (let i = 0; i < total; i++) {
      await first.create(newCanary({ name: `app-${i}` }));
    }
    const workers = ['a', 'b', 'c', 'd', 'e', 'f'];
    const claimedBy = new Map<string, string[]>();
    for (let round = 0; round < total; round++) {
      const claims = await Promise.all(
        workers.map((owner, i) =>
          (i % 2 ? second : first).claimDue({
            owner,
            now: at(round),
            leaseMs: 3_600_000,
            limit: 4,
          }),
        ),
      );
      if (claims.every(c => c.length === 0)) break;
      claims.forEach((claimed, i) => {
        for (const canary of claimed) {
          expect(canary.lease?.owner).toBe(workers[i]);
          claimedBy.set(canary.id, [
            ...(claimedBy.get(canary.id) ?? []),
            workers[i],
          ]);
        }
      });
    }
    expect(claimedBy.size).toBe(total);
    // Every claimant got work, so the second pool saw the same rows.
    const busy = new Set([...claimedBy.values()].flat());
    expect([...busy].sort()).toEqual(workers);
    const twice = [...claimedBy].filter(([, owners]) => owners.length > 1);
    expect(twice).toEqual([]);
  });
});
