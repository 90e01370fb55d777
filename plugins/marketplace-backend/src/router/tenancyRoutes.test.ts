import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { MemoryDelivery } from '../__testUtils__/fakes';
import {
  alice,
  auth,
  bob,
  carol,
  dave,
  routerTestApp,
} from '../__testUtils__/routerApp';

jest.setTimeout(60_000);

/**
 * The team boundary on its own: every permission is granted (a policy gone
 * wrong), yet nothing of one team reaches another team's namespace, and
 * every refusal names the team and the namespace and is audited. The same
 * against the real clusters is in tenancy.integration.test.ts.
 */
describe('marketplace router: the team boundary', () => {
  const databases = createTestDatabases(['SQLITE_3']);
  let t: Awaited<ReturnType<typeof routerTestApp>>;
  let delivery: MemoryDelivery;

  beforeEach(async () => {
    delivery = new MemoryDelivery();
    t = await routerTestApp(databases, {
      clusters: ['dev', 'prod'],
      delivery,
      permissive: true,
    });
  });

  const forShop = {
    offeringId: 'redis',
    planId: 'small',
    name: 'cache',
    system: 'system:default/shop',
    cluster: 'dev',
  };

  const refusals = () =>
    t.auditEvents
      .filter(e => e.eventId === 'marketplace-request-create')
      .map(e => e.outcome);

  it('refuses placements outside the owner team’s verified namespaces, before recording anything', async () => {
    const cases: Array<[string, object, typeof alice, number, RegExp]> = [
      [
        'a Component annotated with another team’s namespace',
        {
          ...forShop,
          system: undefined,
          component: 'component:default/shop-forged',
          binding: { name: 'api' },
        },
        alice,
        403,
        /component:default\/shop-forged does not run in group:default\/storefront's namespace storefront on dev.*kubernetes-namespace 'payments' is outside group:default\/storefront's namespace storefront on dev/,
      ],
      [
        'the forged Component only for the binding',
        {
          ...forShop,
          binding: { name: 'api', component: 'shop-forged' },
        },
        alice,
        403,
        /shop-forged does not run in group:default\/storefront's namespace storefront/,
      ],
      [
        'another team’s application',
        { ...forShop, system: 'system:default/payments' },
        alice,
        403,
        /user:default\/alice is not a member of group:default\/payments, which owns namespace payments on dev/,
      ],
      [
        'a cluster where the team holds no namespace',
        { ...forShop, system: 'system:default/edge', cluster: 'prod' },
        alice,
        403,
        /group:default\/edge holds no verified namespace on cluster prod/,
      ],
      [
        'a namespace named in the request',
        { ...forShop, namespace: 'payments' },
        alice,
        400,
        /namespace/,
      ],
      [
        'a namespace smuggled into the binding',
        { ...forShop, binding: { name: 'api', namespace: 'payments' } },
        alice,
        400,
        /namespace/,
      ],
    ];
    for (const [what, body, who, status, message] of cases) {
      const res = await t.create(body, who);
      expect({ what, status: res.status }).toEqual({ what, status });
      expect({ what, message: res.body.error.message }).toEqual({
        what,
        message: expect.stringMatching(message),
      });
    }
    expect(await t.harness.requests.list({})).toEqual([]);
    // Strict-schema refusals never reach the audited handler.
    expect(refusals()).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(t.provider.calls).toEqual([]);
    expect(delivery.requests).toEqual([]);
  });

  it('places an owner’s request in the team’s namespace and lets teammates and admins manage it, nobody else', async () => {
    const created = await t.create({
      ...forShop,
      component: 'component:default/shop-api',
      binding: { name: 'api' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      team: 'group:default/storefront',
      namespace: 'storefront',
      cluster: 'dev',
    });
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect(delivery.actors).toEqual(['deliver@user:default/alice']);
    const id = created.body.id;
    const details = await request(t.app)
      .get(`/requests/${id}`)
      .set('Authorization', auth(alice));
    const bindingId = details.body.bindings[0].id;

    const as = (who: typeof alice) => ({ Authorization: auth(who) });
    const bobBinds = await request(t.app)
      .post(`/requests/${id}/bindings`)
      .set(as(bob))
      .send({ name: 'steal' });
    expect(bobBinds.status).toBe(403);
    expect(bobBinds.body.error.message).toMatch(
      /user:default\/bob is not a member of group:default\/storefront, which owns namespace storefront on dev/,
    );
    const bobReveals = await request(t.app)
      .post(`/requests/${id}/bindings/${bindingId}/reveal`)
      .set(as(bob));
    expect(bobReveals.status).toBe(403);
    const bobUnbinds = await request(t.app)
      .delete(`/requests/${id}/bindings/${bindingId}`)
      .set(as(bob));
    expect(bobUnbinds.status).toBe(403);
    const bobDeletes = await request(t.app)
      .delete(`/requests/${id}?force=true`)
      .set(as(bob));
    expect(bobDeletes.status).toBe(403);
    expect(bobDeletes.body.error.message).toMatch(
      /user:default\/bob is not a member of group:default\/storefront, which owns instance cache in namespace storefront on dev/,
    );
    // bob sees nothing under "my teams" either (trusted membership only).
    const bobsTeams = await request(t.app)
      .get('/requests?scope=team')
      .set(as(bob));
    expect(bobsTeams.body).toEqual([]);

    // carol (admin) may reveal; dave (teammate) deprovisions, as himself.
    expect(
      (
        await request(t.app)
          .post(`/requests/${id}/bindings/${bindingId}/reveal`)
          .set(as(carol))
      ).status,
    ).toBe(200);
    expect(
      (await request(t.app).delete(`/requests/${id}?force=true`).set(as(dave)))
        .status,
    ).toBe(202);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect(delivery.actors).toEqual([
      'deliver@user:default/alice',
      'remove@user:default/dave',
    ]);
    expect(t.provider.actors).toContain('reveal@user:default/carol');
    expect(t.provider.actors).toContain('deprovision@user:default/dave');
  });
});
