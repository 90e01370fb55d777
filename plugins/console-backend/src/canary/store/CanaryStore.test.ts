import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  at,
  canaryState,
  canaryTestDatabases,
  migrationsDir,
  newCanary,
  T0,
  uniqueViolation,
} from './__testUtils__/canaryFixtures';
import { DatabaseCanaryStore } from './CanaryStore';

jest.setTimeout(60_000);

const databases = canaryTestDatabases();
const TABLES = [
  'console_canaries',
  'console_canary_verdicts',
  'console_canary_events',
];

describe.each(databases.eachSupportedId())('DatabaseCanaryStore on %p', id => {
  let knex: Knex;
  async function store() {
    knex = await databases.init(id);
    return DatabaseCanaryStore.create({
      database: mockServices.database({ knex }),
    });
  }
  afterEach(async () => knex?.destroy());

  it('migrates up and down', async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: migrationsDir });
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback({ directory: migrationsDir }, true);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex.schema.hasColumn('console_canaries', 'version')).toBe(
      true,
    );
  });

  it('stores a canary and reads it back as it was given', async () => {
    const canaries = await store();
    const input = newCanary({
      id: '5d0f6c8e-2b1a-4c3d-8e9f-0a1b2c3d4e5f',
      events: [{ kind: 'started', actor: 'user:default/alice', message: 'go' }],
    });
    const created = await canaries.create(input);
    expect(created).toEqual({
      id: input.id,
      entityRef: 'component:default/shop-api',
      cluster: 'dev',
      namespace: 'storefront',
      name: 'shop-api',
      canaryName: 'shop-api-canary',
      spec: input.spec,
      state: input.state,
      phase: 'scaling',
      actor: 'user:default/alice',
      impersonation: input.impersonation,
      baseline: input.baseline,
      message: input.state.message,
      version: 1,
      nextRunAt: T0.toISOString(),
      createdAt: T0.toISOString(),
      updatedAt: T0.toISOString(),
    });
    expect(await canaries.get(created.id)).toEqual(created);
    expect(await canaries.listEvents(created.id)).toEqual([
      expect.objectContaining({
        kind: 'started',
        actor: 'user:default/alice',
        at: T0.toISOString(),
      }),
    ]);
    expect(
      await canaries.get('00000000-0000-4000-8000-000000000000'),
    ).toBeUndefined();
  });

  it('lists an entity newest first, and the active canaries by filter', async () => {
    const canaries = await store();
    const past = await canaries.create(newCanary({ now: at(0) }));
    await canaries.save(past.id, {
      expectedVersion: 1,
      state: canaryState({ phase: 'aborted', message: 'aborted' }),
      nextRunAt: null,
      finished: { outcome: 'aborted', at: at(5).toISOString() },
    });
    const current = await canaries.create(newCanary({ now: at(10) }));
    const web = await canaries.create(
      newCanary({ name: 'shop-web', now: at(20) }),
    );
    const prod = await canaries.create(
      newCanary({ name: 'shop-web', cluster: 'prod', now: at(30) }),
    );

    const ids = (list: { id: string }[]) => list.map(c => c.id);
    expect(ids(await canaries.listForEntity(past.entityRef))).toEqual([
      current.id,
      past.id,
    ]);
    expect(
      ids(await canaries.listForEntity(past.entityRef, { limit: 1 })),
    ).toEqual([current.id]);
    expect(await canaries.get(past.id)).toMatchObject({
      outcome: 'aborted',
      phase: 'aborted',
      finishedAt: at(5).toISOString(),
    });

    expect(ids(await canaries.listActive())).toEqual([
      current.id,
      web.id,
      prod.id,
    ]);
    expect(
      ids(await canaries.listActive({ entityRefs: [web.entityRef] })),
    ).toEqual([web.id, prod.id]);
    expect(ids(await canaries.listActive({ cluster: 'prod' }))).toEqual([
      prod.id,
    ]);
    expect(await canaries.listActive({ entityRefs: [] })).toEqual([]);
  });

  it('allows one active canary per Deployment, naming the running one', async () => {
    const canaries = await store();
    const running = await canaries.create(newCanary());
    const second = canaries.create(
      newCanary({ actor: 'user:default/bob', now: at(1) }),
    );
    await expect(second).rejects.toThrow(ConflictError);
    await expect(second).rejects.toThrow(running.id);
    // Same name elsewhere is another Deployment.
    await canaries.create(newCanary({ namespace: 'checkout' }));
    await canaries.create(newCanary({ cluster: 'prod' }));

    await canaries.save(running.id, {
      expectedVersion: 1,
      state: canaryState({ phase: 'succeeded', message: 'promoted' }),
      nextRunAt: null,
      finished: { outcome: 'promoted', at: at(60).toISOString() },
    });
    const next = await canaries.create(newCanary({ now: at(61) }));
    expect(next.version).toBe(1);
  });

  it('lets exactly one of several simultaneous starts through', async () => {
    const canaries = await store();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        canaries.create(newCanary({ actor: `user:default/u${i}` })),
      ),
    );
    const started = results.flatMap(r =>
      r.status === 'fulfilled' ? [r.value] : [],
    );
    const refusals = results.flatMap(r =>
      r.status === 'rejected' ? [r.reason] : [],
    );
    expect(started).toHaveLength(1);
    expect(refusals).toHaveLength(5);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(ConflictError);
      expect(refusal.message).toContain(started[0].id);
    }
    expect(await canaries.listActive()).toHaveLength(1);
  });

  it('refuses a second active row in the database itself', async () => {
    const canaries = await store();
    const running = await canaries.create(newCanary());
    const row = await knex('console_canaries')
      .where({ id: running.id })
      .first();
    const copy = { ...row, id: '7e57c0de-0000-4000-8000-000000000001' };
    await expect(knex('console_canaries').insert(copy)).rejects.toMatchObject(
      uniqueViolation,
    );
    // A finished one on the same Deployment is history, not a rival.
    await knex('console_canaries').insert({ ...copy, finished_at: at(9) });
  });
});
