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

describe('marketplace router: views for the portal', () => {
  const databases = createTestDatabases(['SQLITE_3']);
  let t: Awaited<ReturnType<typeof routerTestApp>>;

  beforeEach(async () => {
    t = await routerTestApp(databases, { clusters: ['dev', 'prod'] });
  });

  const get = (path: string, who = alice) =>
    request(t.app).get(path).set('Authorization', auth(who));

  it('lists the configured clusters to signed-in users', async () => {
    expect((await request(t.app).get('/clusters')).status).toBe(401);
    const res = await get('/clusters');
    expect(res.body).toEqual([{ name: 'dev' }, { name: 'prod' }]);
  });

  it('lists the live instances of a System and of a Component, with bindings and no secrets', async () => {
    const forApi = await t.ready({
      ...t.valid,
      name: 'api-cache',
      system: undefined,
      component: 'component:default/shop-api',
      cluster: 'dev',
    });
    const plain = await t.ready({ ...t.valid, name: 'plain', cluster: 'dev' });
    // shop-web uses the plain instance through a binding.
    const bound = await request(t.app)
      .post(`/requests/${plain}/bindings`)
      .set('Authorization', auth(alice))
      .send({ name: 'web', component: 'shop-web' });
    expect(bound.status).toBe(201);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    const gone = await t.ready({ ...t.valid, name: 'gone', cluster: 'dev' });
    await request(t.app)
      .delete(`/requests/${gone}`)
      .set('Authorization', auth(alice));
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });

    const names = (body: Array<{ name: string }>) => body.map(i => i.name);
    const system = await get('/instances?entity=system:default/shop');
    expect(system.status).toBe(200);
    expect(names(system.body).sort()).toEqual(['api-cache', 'plain']);
    expect(
      names((await get('/instances?entity=component:default/shop-api')).body),
    ).toEqual(['api-cache']);
    const web = await get(
      `/instances?entity=${encodeURIComponent('Component:default/shop-web')}`,
    );
    expect(web.body).toEqual([
      expect.objectContaining({
        id: plain,
        bindings: [
          expect.objectContaining({
            name: 'web',
            state: 'ready',
            component: 'component:default/shop-web',
          }),
        ],
      }),
    ]);
    const password = t.provider.bindings.get(bound.body.id)!.password;
    expect(
      JSON.stringify(system.body) + JSON.stringify(web.body),
    ).not.toContain(password);
    expect(
      (await get('/instances?entity=group:default/storefront')).status,
    ).toBe(400);
    expect((await get('/instances?entity=')).status).toBe(400);
    expect((await get('/instances')).status).toBe(400);
    expect(
      (await get('/instances?entity=system:default/payments')).body,
    ).toEqual([]);
    // Reading is open to everyone (the policy's read rule), as in the catalog.
    const asBob = await get('/instances?entity=system:default/shop', bob);
    expect(names(asBob.body)).toContain('api-cache');
    expect(forApi).toBe(
      asBob.body.find((i: { name: string }) => i.name === 'api-cache').id,
    );
  });

  it('leaves out instances of applications the user may not read', async () => {
    const hidden = await routerTestApp(databases, {
      denyReadOn: ['system:default/shop'],
    });
    await hidden.ready();
    await hidden.ready({
      ...hidden.valid,
      name: 'sessions',
      system: 'system:default/checkout',
    });
    const list = (entity: string) =>
      request(hidden.app)
        .get(`/instances?entity=${entity}`)
        .set('Authorization', auth(alice));
    expect((await list('system:default/shop')).body).toEqual([]);
    expect(
      (await list('system:default/checkout')).body.map(
        (i: { name: string }) => i.name,
      ),
    ).toEqual(['sessions']);
  });

  it('shows each user the approvals they may decide, never their own', async () => {
    const big = { ...t.valid, planId: 'big' };
    const mine = await t.create({ ...big, name: 'by-alice' }, alice);
    const daves = await t.create({ ...big, name: 'by-dave' }, dave);
    expect([mine.status, daves.status]).toEqual([201, 201]);
    await t.create({ ...t.valid, name: 'small-one' }, alice);

    const queue = async (who: typeof alice) =>
      (await get('/approvals', who)).body.map((r: { name: string }) => r.name);
    // dave approves for storefront, but not his own request.
    expect(await queue(dave)).toEqual(['by-alice']);
    // carol is a platform approver; alice and bob approve for no team.
    expect(await queue(carol)).toEqual(['by-dave', 'by-alice']);
    expect(await queue(alice)).toEqual([]);
    expect(await queue(bob)).toEqual([]);
    await request(t.app)
      .post(`/requests/${mine.body.id}/approve`)
      .set('Authorization', auth(dave))
      .send({});
    expect(await queue(dave)).toEqual([]);
  });

  it('returns the history after a given event, for live views', async () => {
    const id = await t.ready();
    const all = await get(`/requests/${id}/events`);
    expect(all.body.map((e: { toState: string }) => e.toState)).toEqual([
      'pending',
      'provisioning',
      'ready',
    ]);
    const after = await get(`/requests/${id}/events?after=${all.body[1].id}`);
    expect(after.body).toEqual([all.body[2]]);
    expect((await get(`/requests/${id}/events?after=-1`)).status).toBe(400);
    expect((await get(`/requests/${id}/events?after=x`)).status).toBe(400);
    expect(
      (await get('/requests/3b241101-e2bb-4255-8caf-4136c566a962/events'))
        .status,
    ).toBe(404);
  });
});
