import {
  ProviderResult,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { ScriptedProvider } from '../../__testUtils__/fakes';
import { createHarness, storefront } from '../../__testUtils__/harness';

jest.setTimeout(60_000);

const LEASE_MS = 2_000;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

/**
 * A slow provider: its first `gated` provision calls wait until the test
 * lets them go; later ones answer at once.
 */
class GatedProvider extends ScriptedProvider {
  readonly gates: Array<ReturnType<typeof deferred>> = [];

  constructor(private readonly gated: number) {
    super();
  }

  async provision(input: ProvisionInput): Promise<ProviderResult> {
    const gate = deferred();
    if (this.gates.push(gate) > this.gated) gate.resolve();
    await gate.promise;
    return super.provision(input);
  }
}

describe('processor leases', () => {
  const databases = createTestDatabases();

  async function setup(knex: Knex, gated: number) {
    const provider = new GatedProvider(gated);
    const h = await createHarness(knex, [provider]);
    const { request } = await h.requests.create(
      {
        offeringId: 'redis',
        planId: 'small',
        name: 'cache',
        system: storefront.system,
        parameters: {},
      },
      storefront,
      'user:default/alice',
    );
    const a = h.processor({ leaseMs: LEASE_MS });
    const b = h.processor({ leaseMs: LEASE_MS });
    const row = async () => (await h.store.getRequest(request.id))!;
    const takeovers = async () =>
      (await h.store.listEvents(request.id)).filter(e =>
        e.message?.includes('stopped holding'),
      );
    return { h, provider, id: request.id, a, b, row, takeovers };
  }

  it.each(databases.eachSupportedId())(
    'renews the lease through a step longer than the lease, so another processor leaves the row alone, on %p',
    async dbId => {
      const t = await setup(await databases.init(dbId), 1);
      const aRun = t.a.runOnce();
      await waitFor('A calls provision', () => t.provider.gates.length === 1);

      // B keeps looking for work for three leases while A's call is out.
      const until = Date.now() + 3 * LEASE_MS;
      let looks = 0;
      while (Date.now() < until) {
        expect(await t.b.runOnce()).toBe(0);
        expect((await t.row()).lease_owner).toBe(t.a.owner);
        looks++;
        await new Promise(r => setTimeout(r, 100));
      }
      expect(looks).toBeGreaterThan(3);

      t.provider.gates[0].resolve();
      expect(await aRun).toBe(1);
      await t.a.runUntilIdle({ maxDurationMs: 10_000 });
      expect((await t.row()).state).toBe('ready');
      expect(t.provider.gates).toHaveLength(1);
      expect(await t.takeovers()).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'drops the late result of a processor whose lease ran out and lets the new holder finish, on %p',
    async dbId => {
      const knex = await databases.init(dbId);
      const t = await setup(knex, 2);
      const aRun = t.a.runOnce();
      await waitFor('A calls provision', () => t.provider.gates.length === 1);
      // A stalls: its lease runs out in the database as if its renewals had stopped.
      const expiredAt = new Date(Date.now() - 1);
      await knex('marketplace_requests')
        .where({ id: t.id })
        .update({ lease_expires_at: expiredAt });

      const bRun = t.b.runOnce();
      await waitFor('B calls provision', () => t.provider.gates.length === 2);
      expect((await t.row()).lease_owner).toBe(t.b.owner);
      expect((await t.takeovers()).map(e => e.message)).toEqual([
        `${
          t.a.owner
        } stopped holding this request (lease expired at ${expiredAt.toISOString()}); taken over by ${
          t.b.owner
        }`,
      ]);

      // A's answer arrives while B works on the row: A must not write it.
      t.provider.gates[0].resolve();
      await aRun;
      const meanwhile = await t.row();
      expect(meanwhile).toMatchObject({
        state: 'pending',
        lease_owner: t.b.owner,
      });
      expect(
        (await t.h.store.listEvents(t.id)).map(e => e.to_state),
      ).not.toContain('provisioning');

      t.provider.gates[1].resolve();
      await bRun;
      await t.b.runUntilIdle({ maxDurationMs: 10_000 });
      expect((await t.row()).state).toBe('ready');
      const history = await t.h.store.listEvents(t.id);
      expect(history.map(e => e.to_state)).toEqual([
        'pending',
        'pending', // the takeover
        'provisioning',
        'ready',
      ]);
      // A stalled processor's call cannot be undone: the provider sees the
      // provision twice and must treat the repeat as a no-op (as OSB does).
      expect(
        t.provider.calls.filter(c => c === `provision:${t.id}`),
      ).toHaveLength(2);
      expect(t.provider.instances.get(t.id)).toBe('ready');
    },
  );
});
