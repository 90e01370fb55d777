import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { alice, auth, bob, routerTestApp } from '../__testUtils__/routerApp';

jest.setTimeout(60_000);

describe('marketplace router: bindings and deprovisioning', () => {
  const databases = createTestDatabases(['SQLITE_3']);
  let t: Awaited<ReturnType<typeof routerTestApp>>;

  beforeEach(async () => {
    t = await routerTestApp(databases);
  });

  it('binds, reveals credentials to owners only with an audit trail, and never lists secrets', async () => {
    const id = await t.ready();
    const bind = (who: typeof alice) =>
      request(t.app)
        .post(`/requests/${id}/bindings`)
        .set('Authorization', auth(who))
        .send({ name: 'web' });
    expect((await bind(bob)).status).toBe(403);
    const bound = await bind(alice);
    expect(bound.status).toBe(201);
    expect(bound.body).toMatchObject({
      state: 'pending',
      namespace: 'storefront',
      secretName: 'cache-web',
    });
    expect((await bind(alice)).status).toBe(200);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });

    const reveal = (who: typeof alice) =>
      request(t.app)
        .post(`/requests/${id}/bindings/${bound.body.id}/reveal`)
        .set('Authorization', auth(who));
    expect((await reveal(bob)).status).toBe(403);
    const revealed = await reveal(alice);
    expect(revealed.status).toBe(200);
    expect(revealed.headers['cache-control']).toBe('no-store');
    const password = revealed.body.credentials.password;
    expect(password).toBe(`pw-${bound.body.id}`);
    const reveals = t.auditEvents.filter(
      e => e.eventId === 'marketplace-credentials-reveal',
    );
    expect(reveals.map(e => [e.outcome, e.severityLevel])).toEqual([
      ['fail', 'high'],
      ['success', 'high'],
    ]);
    expect(JSON.stringify(t.auditEvents)).not.toContain(password);

    const details = await request(t.app)
      .get(`/requests/${id}`)
      .set('Authorization', auth(alice));
    const list = await request(t.app)
      .get('/requests?scope=team')
      .set('Authorization', auth(alice));
    expect(details.body.bindings[0].state).toBe('ready');
    expect(
      JSON.stringify(details.body) + JSON.stringify(list.body),
    ).not.toContain(password);
  });

  it('refuses to deprovision while bound unless forced', async () => {
    const id = await t.ready();
    const binding = await request(t.app)
      .post(`/requests/${id}/bindings`)
      .set('Authorization', auth(alice))
      .send({ name: 'web' });
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect(
      (
        await request(t.app)
          .delete(`/requests/${id}`)
          .set('Authorization', auth(bob))
      ).status,
    ).toBe(403);
    const refused = await request(t.app)
      .delete(`/requests/${id}`)
      .set('Authorization', auth(alice));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/force=true/);
    const unbind = await request(t.app)
      .delete(`/requests/${id}/bindings/${binding.body.id}`)
      .set('Authorization', auth(alice));
    expect(unbind.status).toBe(202);
    expect(unbind.body.state).toBe('unbinding');
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    // Once unbound, a plain delete works.
    const res = await request(t.app)
      .delete(`/requests/${id}`)
      .set('Authorization', auth(alice));
    expect(res.status).toBe(202);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect((await t.harness.requests.get(id)).state).toBe('deleted');

    const other = await t.ready({ ...t.valid, name: 'second' });
    await request(t.app)
      .post(`/requests/${other}/bindings`)
      .set('Authorization', auth(alice))
      .send({ name: 'web' });
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect(
      (
        await request(t.app)
          .delete(`/requests/${other}?force=true`)
          .set('Authorization', auth(alice))
      ).status,
    ).toBe(202);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect((await t.harness.requests.get(other)).state).toBe('deleted');
    expect(t.provider.bindings.size).toBe(0);
  });

  it('lets the decommission plugin deprovision for a member of the owning team, and nobody else', async () => {
    const id = await t.ready();
    const serviceHeader = (subject: string) =>
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(subject),
        targetPluginId: 'marketplace',
      });
    const asPlugin = (subject: string, actingFor?: string) => {
      const call = request(t.app)
        .delete(`/requests/${id}?force=true`)
        .set('Authorization', serviceHeader(subject));
      return actingFor ? call.set('x-paasport-acting-for', actingFor) : call;
    };
    const read = (subject: string, actingFor: string) =>
      request(t.app)
        .get(`/requests/${id}`)
        .set('Authorization', serviceHeader(subject))
        .set('x-paasport-acting-for', actingFor);
    // Another plugin may not act for anyone.
    const stranger = await asPlugin('plugin:catalog', 'user:default/alice');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe(
      'plugin:catalog may not act for a person on the marketplace',
    );
    // The decommission plugin must say for whom, as a User ref.
    expect((await asPlugin('plugin:decommission')).status).toBe(400);
    expect(
      (await asPlugin('plugin:decommission', 'alice, or anyone')).status,
    ).toBe(400);
    // Nor for someone outside the owning team.
    const outsider = await asPlugin('plugin:decommission', 'user:default/bob');
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toMatch(
      /user:default\/bob is not a member of group:default\/storefront/,
    );
    expect((await read('plugin:decommission', 'user:default/bob')).status).toBe(
      403,
    );
    expect((await t.harness.requests.get(id)).state).toBe('ready');

    // For alice, whose run it is: deprovisioned as her, audited as such.
    expect(
      (await read('plugin:decommission', 'user:default/alice')).body.state,
    ).toBe('ready');
    const done = await asPlugin('plugin:decommission', 'user:default/alice');
    expect(done.status).toBe(202);
    await t.harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    expect((await t.harness.requests.get(id)).state).toBe('deleted');
    expect(t.provider.actors).toContain('deprovision@user:default/alice');
    expect(
      t.auditEvents
        .filter(e => e.eventId === 'marketplace-request-deprovision')
        .map(e => [e.outcome, e.meta]),
    ).toEqual(
      expect.arrayContaining([
        [
          'success',
          expect.objectContaining({
            actingFor: 'user:default/alice',
            actingVia: 'plugin:decommission',
          }),
        ],
      ]),
    );
  });
});
