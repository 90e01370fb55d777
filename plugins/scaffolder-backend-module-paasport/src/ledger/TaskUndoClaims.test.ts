import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { TaskLedger } from './TaskLedger';
import { TaskUndoClaims } from './TaskUndoClaims';

// The PostgreSQL every machine of this project runs (trust auth); an
// explicitly configured one wins.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

jest.setTimeout(60_000);

const A = 'scaffolder@pod-1#aaaa';
const B = 'scaffolder@pod-2#bbbb';
const t0 = new Date('2026-12-10T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const leaseMs = 30_000;

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const ledger = await TaskLedger.create({
    database: knex,
    replica: 'scaffolder@pod-0#dead',
  });
  await ledger.record(
    't',
    {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'storefront',
      name: 'c',
      uid: 'u1',
      actor: 'initiator',
    },
    { initiator: 'user:default/alice' },
  );
  return { knex, ledger, claims: new TaskUndoClaims(knex) };
}

describe.each(databases.eachSupportedId())(
  'TaskUndoClaims on %p',
  databaseId => {
    it('leases a task to one sweep, renews it, and lets another take it over only after it ran out', async () => {
      const { ledger, claims } = await setup(databaseId);
      const [entry] = await ledger.entries('t');

      const first = await claims.claim('t', A, {
        leaseMs,
        abandonment: 'Task failed; it ran on scaffolder@pod-0#dead',
        now: t0,
      });
      expect(first).toEqual({
        taskId: 't',
        owner: A,
        event: 'abandoned',
        message: 'Task failed; it ran on scaffolder@pod-0#dead',
      });
      // Held: nobody else gets it, nor a second claim by the holder.
      for (const owner of [B, A]) {
        expect(
          await claims.claim('t', owner, {
            leaseMs,
            abandonment: 'x',
            now: at(10),
          }),
        ).toBeUndefined();
      }
      expect(await claims.holder('t')).toEqual({
        owner: A,
        expiresAt: at(30),
      });
      // The sweep's list leaves a held task out until the lease runs out.
      expect(
        await ledger.tasksWithOpenEntries(100, { skipLeasedAt: at(20) }),
      ).toEqual([]);
      expect(await ledger.tasksWithOpenEntries()).toEqual(['t']);

      expect(await claims.renew('t', B, { leaseMs, now: at(10) })).toBe(false);
      expect(await claims.renew('t', A, { leaseMs, now: at(10) })).toBe(true);
      expect((await claims.holder('t'))?.expiresAt).toEqual(at(40));
      expect(
        await ledger.tasksWithOpenEntries(100, { skipLeasedAt: at(41) }),
      ).toEqual(['t']);

      // Ledger writes are the holder's only.
      expect(
        await ledger.settle(entry.seq, 'removed', 'removed', {
          leaseOwner: B,
        }),
      ).toBe(false);
      expect((await ledger.entries('t'))[0].status).toBe('created');
      expect(
        await ledger.settle(entry.seq, 'removed', 'removed', {
          leaseOwner: A,
        }),
      ).toBe(true);
      expect((await ledger.entries('t'))[0]).toMatchObject({
        status: 'removed',
        undoneBy: A,
        recordedBy: 'scaffolder@pod-0#dead',
      });

      // A stops renewing: once its lease ran out it is not revived, and B
      // takes over, saying from whom.
      expect(await claims.renew('t', A, { leaseMs, now: at(41) })).toBe(false);
      const takeover = await claims.claim('t', B, {
        leaseMs,
        abandonment: 'not used: the task was claimed before',
        now: at(41),
      });
      expect(takeover).toEqual({
        taskId: 't',
        owner: B,
        event: 'taken-over',
        message: `${A} stopped undoing this task (its lease ran out at 2026-12-10T10:00:40.000Z); ${B} resumes the undo`,
        takenOverFrom: { owner: A, leaseExpiredAt: at(40) },
      });
      expect(
        await ledger.settle(entry.seq, 'gone', 'already gone', {
          leaseOwner: A,
        }),
      ).toBe(false);

      // The one that lost it cannot release it nor write its history.
      expect(
        await claims.release('t', A, { event: 'finished', message: 'A done' }),
      ).toBe(false);
      expect(
        await claims.release('t', B, { event: 'finished', message: 'B done' }),
      ).toBe(true);
      expect(await claims.holder('t')).toBeUndefined();
      // Released, so a later claim is a fresh one, not a takeover.
      expect(
        (
          await claims.claim('t', A, {
            leaseMs,
            abandonment: 'x',
            now: at(50),
          })
        )?.event,
      ).toBe('reclaimed');

      expect(
        (await claims.history('t')).map(e => [e.event, e.actor, e.message]),
      ).toEqual([
        ['abandoned', A, 'Task failed; it ran on scaffolder@pod-0#dead'],
        ['taken-over', B, takeover!.message],
        ['finished', B, 'B done'],
        [
          'reclaimed',
          A,
          `${A} undoes what an earlier, interrupted undo left (claim 3)`,
        ],
      ]);
    });

    it('gives a task to exactly one of many sweeps claiming it at once, new or run out', async () => {
      const { claims } = await setup(databaseId);
      const race = async (round: string, now: Date) => {
        const owners = Array.from({ length: 5 }, (_, i) => `${round}-${i}`);
        const results = await Promise.all(
          owners.map(owner =>
            claims.claim('t', owner, { leaseMs, abandonment: owner, now }),
          ),
        );
        const winners = results.filter(r => r !== undefined);
        expect(winners).toHaveLength(1);
        expect((await claims.holder('t'))?.owner).toBe(winners[0]!.owner);
        return winners[0]!;
      };
      // The first claim of a task creates its row; later ones lock it.
      const first = await race('first', t0);
      const second = await race('second', at(31));
      expect(second.takenOverFrom?.owner).toBe(first.owner);
      expect((await claims.history('t')).map(e => [e.event, e.actor])).toEqual([
        ['abandoned', first.owner],
        ['taken-over', second.owner],
      ]);
    });
  },
);
