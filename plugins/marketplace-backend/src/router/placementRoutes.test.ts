import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { MemoryDelivery } from '../__testUtils__/fakes';
import { alice, auth, bob, routerTestApp } from '../__testUtils__/routerApp';

jest.setTimeout(60_000);

/** Requests for Components, on clusters, with a binding made once ready. */
describe('marketplace router: components, clusters and bind-on-ready', () => {
  const databases = createTestDatabases(['SQLITE_3']);
  let t: Awaited<ReturnType<typeof routerTestApp>>;
  let delivery: MemoryDelivery;

  beforeEach(async () => {
    delivery = new MemoryDelivery();
    t = await routerTestApp(databases, {
      clusters: ['dev', 'prod'],
      delivery,
    });
  });

  const forComponent = {
    offeringId: 'redis',
    planId: 'small',
    name: 'cache',
    component: 'component:default/shop-api',
    cluster: 'dev',
    binding: { name: 'shop-api' },
  };

  it('requests for a Component, binds once ready and delivers to the team namespace on the cluster', async () => {
    const created = await t.create(forComponent);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      system: 'system:default/shop',
      component: 'component:default/shop-api',
      cluster: 'dev',
      namespace: 'storefront',
      state: 'pending',
    });
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });

    const details = await request(t.app)
      .get(`/requests/${created.body.id}`)
      .set('Authorization', auth(alice));
    expect(details.body.state).toBe('ready');
    expect(details.body.bindings).toEqual([
      expect.objectContaining({
        name: 'shop-api',
        state: 'ready',
        cluster: 'dev',
        namespace: 'storefront',
        component: 'component:default/shop-api',
        secretName: 'cache-shop-api',
      }),
    ]);
    const [delivered] = delivery.requests;
    expect(delivered).toMatchObject({
      cluster: 'dev',
      namespace: 'storefront',
      secretName: 'cache-shop-api',
      bindingId: details.body.bindings[0].id,
      type: 'redis',
      labels: {
        'app.kubernetes.io/managed-by': 'paasport-marketplace',
        'paasport.io/request-id': created.body.id,
        'paasport.io/binding-id': details.body.bindings[0].id,
        'paasport.io/instance': 'cache',
        'paasport.io/offering': 'redis',
        'paasport.io/system': 'shop',
        'paasport.io/component': 'shop-api',
      },
      annotations: {
        'paasport.io/system-ref': 'system:default/shop',
        'paasport.io/component-ref': 'component:default/shop-api',
        'paasport.io/team-ref': 'group:default/storefront',
        'paasport.io/plan': 'redis/small',
        'paasport.io/binding-name': 'shop-api',
        'paasport.io/requested-by': 'user:default/alice',
      },
    });
    expect(delivered.credentials.password).toBe(
      `pw-${details.body.bindings[0].id}`,
    );
    // History shows the binding was asked for with the request.
    expect(
      details.body.history
        .filter((e: { bindingId?: string }) => e.bindingId)
        .map((e: { toState: string }) => e.toState),
    ).toEqual(['pending', 'ready']);
  });

  it("uses the team's per-cluster namespace", async () => {
    const created = await t.create({
      offeringId: 'redis',
      planId: 'small',
      name: 'sessions',
      system: 'system:default/checkout',
      cluster: 'prod',
      binding: { name: 'api', component: 'checkout-api' },
    });
    expect(created.status).toBe(201);
    expect(created.body.namespace).toBe('checkout-prod');
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect([...delivery.secrets.keys()]).toEqual([
      'prod/checkout-prod/sessions-api',
    ]);
    // A later binding to dev goes to the namespace on every other cluster.
    const dev = await request(t.app)
      .post(`/requests/${created.body.id}/bindings`)
      .set('Authorization', auth(alice))
      .send({ name: 'dev-copy', cluster: 'dev' });
    expect(dev.status).toBe(201);
    expect(dev.body).toMatchObject({ cluster: 'dev', namespace: 'checkout' });
  });

  it('rejects bad placement with a 400 and creates nothing', async () => {
    const cases: Array<[object, number, RegExp]> = [
      [{ ...forComponent, cluster: 'stage' }, 400, /Unknown cluster 'stage'/],
      [
        { ...forComponent, binding: { name: 'xyz', cluster: 'nope' } },
        400,
        /Unknown cluster 'nope'/,
      ],
      [
        { ...forComponent, component: 'component:default/payments-api' },
        403,
        /marketplace.instance.create/,
      ],
      [
        { ...forComponent, system: 'system:default/checkout' },
        400,
        /belongs to system:default\/shop/,
      ],
      [
        {
          ...forComponent,
          binding: { name: 'xyz', component: 'checkout-api' },
        },
        400,
        /not part of system:default\/shop/,
      ],
      [
        { ...forComponent, component: 'component:default/lonely' },
        400,
        /belongs to no application/,
      ],
      [
        { ...forComponent, component: 'component:default/ghost' },
        400,
        /No component/,
      ],
      [
        { ...forComponent, component: 'system:default/shop' },
        400,
        /not a Component/,
      ],
      [
        { ...forComponent, cluster: undefined },
        400,
        /Choose the cluster to deliver the credentials to: dev, prod/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await t.create(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await t.harness.requests.list({})).toEqual([]);
    expect(await t.harness.store.listLiveBindingsOf([])).toEqual([]);
  });

  it('needs the binding permission for bind-on-ready and checks binding bodies', async () => {
    const created = await t.create({ ...forComponent, binding: undefined });
    expect(created.status).toBe(201);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    const bind = (body: object, who = alice) =>
      request(t.app)
        .post(`/requests/${created.body.id}/bindings`)
        .set('Authorization', auth(who))
        .send(body);
    expect((await bind({ name: 'web' }, bob)).status).toBe(403);
    expect((await bind({ name: 'web', cluster: 'a/b' })).status).toBe(400);
    expect(
      (await bind({ name: 'web', component: 'component:default/payments-api' }))
        .status,
    ).toBe(400);
    // The request's cluster and component are the binding's defaults.
    const bound = await bind({ name: 'worker' });
    expect(bound.status).toBe(201);
    expect(bound.body).toMatchObject({
      cluster: 'dev',
      component: 'component:default/shop-api',
    });
  });
});
