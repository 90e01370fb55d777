import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  ProviderError,
  ProviderResult,
} from '@paasport/plugin-marketplace-node';
import { createTestDatabases } from '../../__testUtils__/databases';
import { MemoryDelivery, ScriptedProvider } from '../../__testUtils__/fakes';
import { createHarness, storefront } from '../../__testUtils__/harness';

jest.setTimeout(60_000);

const alice = 'user:default/alice';
const bob = 'user:default/bob';

describe('RequestProcessor state machine', () => {
  const databases = createTestDatabases();

  async function setup(
    id: Parameters<typeof databases.init>[0],
    delivery?: MemoryDelivery,
  ) {
    const provider = new ScriptedProvider();
    const h = await createHarness(await databases.init(id), [provider], {
      delivery,
    });
    const request = (planId = 'small', name = 'cache') =>
      h.requests.create(
        {
          offeringId: 'redis',
          planId,
          name,
          system: storefront.system,
          parameters: {},
        },
        storefront,
        alice,
      );
    const states = async (requestId: string) =>
      (await h.store.listEvents(requestId)).map(e => e.to_state);
    return { ...h, provider, request, states };
  }

  it.each(databases.eachSupportedId())(
    'provisions a request to ready on %p',
    async id => {
      const t = await setup(id);
      t.provider.pollsUntilReady = 2;
      const { request } = await t.request();
      expect(request.state).toBe('pending');
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      expect((await t.requests.get(request.id)).state).toBe('ready');
      expect(await t.states(request.id)).toEqual([
        'pending',
        'provisioning',
        'ready',
      ]);
      expect(
        t.provider.calls.filter(c => c.startsWith('provision')),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'waits for approval, refuses self-approval, and provisions once approved on %p',
    async id => {
      const t = await setup(id);
      const { request } = await t.request('big');
      expect(request.state).toBe('awaiting_approval');
      await t.processor().runUntilIdle({ maxDurationMs: 2_000 });
      expect(t.provider.calls).toEqual([]);
      await expect(t.requests.decide(request.id, alice, true)).rejects.toThrow(
        NotAllowedError,
      );
      await t.requests.decide(request.id, bob, true, 'fine');
      await expect(t.requests.decide(request.id, bob, true)).rejects.toThrow(
        ConflictError,
      );
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const done = await t.requests.details(request.id);
      expect(done).toMatchObject({
        state: 'ready',
        decidedBy: bob,
        decisionReason: 'fine',
      });
      expect(done.history.map(e => e.toState)).toEqual([
        'pending',
        'awaiting_approval',
        'pending',
        'provisioning',
        'ready',
      ]);

      const { request: rejected } = await t.request('big', 'other');
      await t.requests.decide(rejected.id, bob, false, 'too big');
      expect((await t.requests.get(rejected.id)).state).toBe('rejected');
    },
  );

  it.each(databases.eachSupportedId())(
    'retries transient failures and cleans up orphans before retrying on %p',
    async id => {
      const t = await setup(id);
      t.provider.script.provision = [
        new ProviderError('503 from broker', { retryable: true }),
        new ProviderError('timeout', { retryable: true, orphanRisk: true }),
      ];
      const { request } = await t.request();
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const details = await t.requests.details(request.id);
      expect(details.state).toBe('ready');
      expect(t.provider.calls.filter(c => !c.startsWith('status'))).toEqual([
        `provision:${request.id}`,
        `provision:${request.id}`,
        `deprovision:${request.id}`,
        `provision:${request.id}`,
      ]);
      expect(
        details.history.some(e => e.message?.startsWith('Retrying: 503')),
      ).toBe(true);
      expect(
        details.history.some(
          e => e.message === 'Removed leftovers at the provider',
        ),
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'fails a provisioning the provider reports failed, and removes what it left on %p',
    async id => {
      const t = await setup(id);
      t.provider.script.getStatus = [{ phase: 'failed', message: 'disk full' }];
      const { request } = await t.request();
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const row = await t.requests.get(request.id);
      expect(row).toMatchObject({ state: 'failed', last_error: 'disk full' });
      expect(Boolean(row.orphan_cleanup)).toBe(false);
      expect(t.provider.calls).toContain(`deprovision:${request.id}`);
      expect(t.provider.instances.has(request.id)).toBe(false);
      const history = await t.store.listEvents(request.id);
      expect(history.map(e => [e.to_state, e.message])).toEqual([
        ['pending', "Requested redis/small 'cache'"],
        ['provisioning', 'Provisioning started'],
        ['failed', 'Provisioning failed: disk full'],
        ['failed', 'Removed leftovers at the provider'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives up after the maximum attempts on %p',
    async id => {
      const t = await setup(id);
      t.provider.script.provision = Array.from(
        { length: 3 },
        () => new ProviderError('still broken', { retryable: true }),
      );
      const { request } = await t.request();
      await t
        .processor({ maxAttempts: 3 })
        .runUntilIdle({ maxDurationMs: 10_000 });
      const row = await t.requests.get(request.id);
      expect(row.state).toBe('failed');
      expect(row.last_error).toBe('still broken');
      expect(t.provider.calls).toHaveLength(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'binds, delivers credentials, and deprovisions only after unbinding on %p',
    async id => {
      const delivery = new MemoryDelivery();
      const t = await setup(id, delivery);
      const { request } = await t.request();
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const row = await t.requests.get(request.id);
      delivery.failNext = 1;
      const { binding } = await t.bindings.create(
        row,
        'app',
        storefront,
        alice,
      );
      const again = await t.bindings.create(row, 'app', storefront, alice);
      expect(again).toMatchObject({
        created: false,
        binding: { id: binding.id },
      });
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const secret = delivery.secrets.get('-/storefront/cache-app');
      expect(secret).toEqual(t.provider.bindings.get(binding.id));
      expect(
        (await t.bindings.reveal(row, binding.id, alice)).credentials,
      ).toEqual(secret);
      // No credential is stored anywhere in the marketplace's tables.
      const dump =
        JSON.stringify(await t.store.listEvents(request.id)) +
        JSON.stringify(await t.store.listBindings(request.id));
      expect(dump).not.toContain(String(secret!.password));

      await expect(
        t.requests.deprovision(request.id, alice, false),
      ).rejects.toThrow(/binding/);
      await t.requests.deprovision(request.id, alice, true);
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      expect((await t.requests.get(request.id)).state).toBe('deleted');
      expect((await t.store.getBinding(request.id, binding.id))!.state).toBe(
        'deleted',
      );
      expect(delivery.secrets.size).toBe(0);
      expect(t.provider.instances.size).toBe(0);
      const calls = t.provider.calls.filter(c => !c.startsWith('status'));
      expect(calls.indexOf(`unbind:${binding.id}`)).toBeLessThan(
        calls.indexOf(`deprovision:${request.id}`),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'revokes the user when delivery fails for good, and retries a bind that may have left one on %p',
    async id => {
      const delivery = new MemoryDelivery();
      const t = await setup(id, delivery);
      const { request } = await t.request();
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const row = await t.requests.get(request.id);

      // A refusal no retry fixes (e.g. a foreign Secret of that name).
      delivery.deliver = async () => {
        throw new ProviderError('Secret exists and is not ours', {
          retryable: false,
        });
      };
      const { binding } = await t.bindings.create(
        row,
        'app',
        storefront,
        alice,
      );
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      const failed = (await t.store.getBinding(request.id, binding.id))!;
      expect(failed).toMatchObject({
        state: 'failed',
        orphan_cleanup: expect.anything(),
      });
      expect(Boolean(failed.orphan_cleanup)).toBe(false);
      expect(failed.last_error).toMatch(
        /Delivering the credentials failed: Secret exists/,
      );
      expect(t.provider.calls).toContain(`unbind:${binding.id}`);
      expect(t.provider.bindings.has(binding.id)).toBe(false);

      // A timed-out bind may have made a user: it is removed, then bound again.
      t.provider.script.bind = [
        new ProviderError('timeout', { retryable: true, orphanRisk: true }),
      ];
      delete (delivery as { deliver?: unknown }).deliver;
      const second = await t.bindings.create(row, 'app2', storefront, alice);
      await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
      expect(
        (await t.store.getBinding(request.id, second.binding.id))!.state,
      ).toBe('ready');
      const calls = t.provider.calls.filter(c => c.includes(second.binding.id));
      expect(calls).toEqual([
        `bind:${second.binding.id}`,
        `unbind:${second.binding.id}`,
        `bind:${second.binding.id}`,
      ]);
      expect(delivery.secrets.get('-/storefront/cache-app2')).toBeDefined();
    },
  );

  it('acts for the person who asked for each operation, not the processor', async () => {
    const delivery = new MemoryDelivery();
    const t = await setup('SQLITE_3', delivery);
    const { request } = await t.request();
    await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
    const row = await t.requests.get(request.id);
    const { binding } = await t.bindings.create(row, 'app', storefront, bob);
    await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect((await t.bindings.reveal(row, binding.id, alice)).bindingId).toBe(
      binding.id,
    );
    // dave deprovisions (forced): revoking and deleting are done as dave.
    const dave = 'user:default/dave';
    await t.requests.deprovision(request.id, dave, true);
    await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect((await t.requests.get(request.id)).state).toBe('deleted');
    expect([...new Set(t.provider.actors)]).toEqual([
      `provision@${alice}`,
      `status:provision@${alice}`,
      `bind@${bob}`,
      `reveal@${alice}`,
      `unbind@${dave}`,
      `deprovision@${dave}`,
    ]);
    expect(delivery.actors).toEqual([`deliver@${bob}`, `remove@${dave}`]);
    // History still says who asked; the rows say whom the work is for.
    expect((await t.requests.get(request.id)).acting_for).toBe(dave);
  });

  it('delivers Kafka credentials with the client SASL settings', async () => {
    const delivery = new MemoryDelivery();
    const t = await setup('SQLITE_3', delivery);
    const { request } = await t.request();
    await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
    t.provider.script.bind = [
      {
        phase: 'ready',
        credentials: {
          bootstrapServers: 'orders-kafka-bootstrap:9092',
          username: 'shop-api',
          password: 'scram-pw',
        },
      } as ProviderResult,
    ];
    const row = await t.requests.get(request.id);
    await t.bindings.create(row, 'app', storefront, alice);
    await t.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect(delivery.requests[0].credentials).toEqual({
      host: 'orders-kafka-bootstrap',
      port: 9092,
      username: 'shop-api',
      password: 'scram-pw',
      uri: 'kafka://orders-kafka-bootstrap:9092',
      'bootstrap.servers': 'orders-kafka-bootstrap:9092',
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="shop-api" password="scram-pw";',
    });
  });

  it.each(databases.eachSupportedId())(
    'resumes after a processor dies mid-provisioning on %p',
    async id => {
      const t = await setup(id);
      t.provider.pollsUntilReady = 1;
      const { request } = await t.request();
      const first = t.processor();
      await first.runOnce(); // provision accepted, operation recorded
      const row = await t.requests.get(request.id);
      expect(row.state).toBe('provisioning');
      expect(row.operation).toBe(`op-${request.id}`);
      // It dies holding a fresh lease: nobody else may touch the row until it expires.
      await t.store.transitionRequest(request.id, {
        patch: {
          lease_owner: first.owner,
          lease_expires_at: new Date(Date.now() + 60_000),
          next_attempt_at: new Date(),
        },
        actor: 'test',
      });
      const second = t.processor();
      expect(await second.runOnce()).toBe(0);
      await t.store.transitionRequest(request.id, {
        patch: { lease_expires_at: new Date(Date.now() - 1) },
        actor: 'test',
      });
      await second.runUntilIdle({ maxDurationMs: 10_000 });
      expect((await t.requests.get(request.id)).state).toBe('ready');
      // It polled the recorded operation instead of provisioning again.
      expect(
        t.provider.calls.filter(c => c.startsWith('provision')),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets a user deprovision while provisioning, dropping the stale result on %p',
    async id => {
      const t = await setup(id);
      t.provider.pollsUntilReady = 3;
      const { request } = await t.request();
      const p = t.processor();
      await p.runOnce();
      await t.requests.deprovision(request.id, alice, false);
      await p.runUntilIdle({ maxDurationMs: 10_000 });
      expect((await t.requests.get(request.id)).state).toBe('deleted');
      expect(t.provider.instances.has(request.id)).toBe(false);
    },
  );
});
