import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  alice,
  auth,
  bob,
  carol,
  dave,
  routerTestApp,
} from '../__testUtils__/routerApp';

jest.setTimeout(60_000);

describe('marketplace router: offerings and requests', () => {
  const databases = createTestDatabases(['SQLITE_3']);
  let t: Awaited<ReturnType<typeof routerTestApp>>;

  beforeEach(async () => {
    t = await routerTestApp(databases);
  });

  it('refuses anonymous callers', async () => {
    expect((await request(t.app).get('/offerings')).status).toBe(401);
    expect((await request(t.app).post('/requests').send(t.valid)).status).toBe(
      401,
    );
  });

  it('lists offerings with availability and schemas', async () => {
    const res = await request(t.app)
      .get('/offerings')
      .set('Authorization', auth(alice));
    expect(res.status).toBe(200);
    expect(res.body.map((o: { id: string }) => o.id)).toEqual([
      'redis',
      'mysql',
      'kafka',
    ]);
    expect(res.body[0].plans[0]).toMatchObject({
      id: 'small',
      available: true,
      requiresApproval: false,
    });
    expect(res.body[2].plans[0]).toMatchObject({
      id: 'std',
      available: false,
      provider: 'operator:strimzi',
    });
    expect(
      res.body[1].plans[0].parametersSchema.properties.charset.enum,
    ).toEqual(['utf8mb4', 'latin1']);
  });

  it('rejects invalid requests and creates nothing', async () => {
    const cases: Array<[object, number, RegExp]> = [
      [{ ...t.valid, offeringId: 'oracle' }, 400, /Unknown offering/],
      [{ ...t.valid, planId: 'huge' }, 400, /no plan/],
      [{ ...t.valid, name: 'Bad Name!' }, 400, /name/],
      [{ ...t.valid, name: 'x' }, 400, /name/],
      [{ ...t.valid, extra: 1 }, 400, /extra|Unrecognized/i],
      [
        { ...t.valid, offeringId: 'mysql', parameters: { charset: 'ebcdic' } },
        400,
        /Invalid parameters/,
      ],
      [
        { ...t.valid, parameters: { anything: true } },
        400,
        /Invalid parameters/,
      ],
      [{ ...t.valid, system: 'system:default/nope' }, 400, /No application/],
      [{ ...t.valid, system: 'component:default/x' }, 400, /System/],
      [
        { ...t.valid, system: 'system:default/orphaned' },
        400,
        /paasport.io\/namespace/,
      ],
      [
        { ...t.valid, system: 'system:default/payments' },
        403,
        /marketplace.instance.create/,
      ],
      [
        { ...t.valid, offeringId: 'kafka', planId: 'std' },
        409,
        /not available/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await t.create(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await t.harness.requests.list({})).toEqual([]);
    expect(
      t.auditEvents
        .filter(e => e.eventId === 'marketplace-request-create')
        .every(e => e.outcome === 'fail'),
    ).toBe(true);
  });

  it('enforces the team quota', async () => {
    for (const name of ['a-one', 'a-two', 'a-three'])
      expect((await t.create({ ...t.valid, name })).status).toBe(201);
    const res = await t.create({ ...t.valid, name: 'a-four' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Exceeded quota/);
    const quota = await request(t.app)
      .get('/quotas/group:default%2Fstorefront')
      .set('Authorization', auth(alice));
    expect(quota.body).toEqual({
      team: 'group:default/storefront',
      instances: { used: 3, limit: 3 },
      sizeGb: { used: 3, limit: 100 },
    });
  });

  it('creates once per idempotency key and audits it', async () => {
    const first = await t.create(t.valid, alice, 'key-1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      state: 'pending',
      team: 'group:default/storefront',
      namespace: 'storefront',
      createdBy: 'user:default/alice',
    });
    const replay = await t.create(t.valid, alice, 'key-1');
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    expect(
      (await t.create({ ...t.valid, name: 'other' }, alice, 'key-1')).status,
    ).toBe(409);
    expect((await t.create(t.valid, alice, 'bad key')).status).toBe(400);
    expect(t.auditEvents[0]).toMatchObject({
      eventId: 'marketplace-request-create',
      outcome: 'success',
      meta: { name: 'cache' },
    });
  });

  it("lists my and my team's requests; all only for platform approvers", async () => {
    await t.create(t.valid);
    await t.create({ ...t.valid, name: 'by-dave' }, dave);
    const list = (who: typeof alice, scope: string) =>
      request(t.app)
        .get(`/requests?scope=${scope}`)
        .set('Authorization', auth(who));
    expect(
      (await list(alice, 'mine')).body.map((r: { name: string }) => r.name),
    ).toEqual(['cache']);
    expect((await list(alice, 'team')).body).toHaveLength(2);
    expect((await list(bob, 'team')).body).toEqual([]);
    expect((await list(alice, 'all')).status).toBe(403);
    expect((await list(carol, 'all')).body).toHaveLength(2);
    expect((await list(alice, 'everything')).status).toBe(400);
  });

  it('shows one request with its history', async () => {
    const id = await t.ready();
    const res = await request(t.app)
      .get(`/requests/${id}`)
      .set('Authorization', auth(bob));
    expect(res.status).toBe(200);
    expect(res.body.history.map((e: { toState: string }) => e.toState)).toEqual(
      ['pending', 'provisioning', 'ready'],
    );
    expect(
      (
        await request(t.app)
          .get('/requests/not-a-uuid')
          .set('Authorization', auth(alice))
      ).status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .get('/requests/3b241101-e2bb-4255-8caf-4136c566a962')
          .set('Authorization', auth(alice))
      ).status,
    ).toBe(404);
  });

  it('lets team approvers and platform admins decide, but not the requester or outsiders', async () => {
    const big = { ...t.valid, planId: 'big', name: 'big-cache' };
    const { body } = await t.create(big);
    expect(body.state).toBe('awaiting_approval');
    const decide = (who: typeof alice, action: string, id = body.id) =>
      request(t.app)
        .post(`/requests/${id}/${action}`)
        .set('Authorization', auth(who))
        .send({ reason: 'ok' });
    expect((await decide(alice, 'approve')).status).toBe(403);
    expect((await decide(bob, 'approve')).status).toBe(403);
    const approved = await decide(dave, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'pending',
      decidedBy: 'user:default/dave',
    });
    expect((await decide(dave, 'approve')).status).toBe(409);

    const second = await t.create({ ...big, name: 'big-two' });
    expect((await decide(carol, 'reject', second.body.id)).body.state).toBe(
      'rejected',
    );
    expect(
      t.auditEvents
        .filter(
          e =>
            e.eventId.startsWith('marketplace-request-') &&
            e.outcome === 'success',
        )
        .map(e => e.eventId),
    ).toEqual([
      'marketplace-request-create',
      'marketplace-request-approve',
      'marketplace-request-create',
      'marketplace-request-reject',
    ]);
  });
});
