import { ResponseError } from '@backstage/errors';
import { ConsoleClient } from './ConsoleClient';
import { LogEvent } from './operationTypes';

function client(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const api = new ConsoleClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: {
      fetch: (async (url: string, init?: RequestInit) => {
        calls.push({ url, init });
        return respond(url, init);
      }) as typeof fetch,
    },
  });
  return { api, calls };
}

describe('ConsoleClient', () => {
  it('builds entity URLs with the query and posts rollbacks as JSON', async () => {
    const { api, calls } = client(
      () => new Response(JSON.stringify({ ok: 1 }), { status: 200 }),
    );
    await api.getReleases('component:default/shop-web', { cluster: 'dev' });
    await api.rollback(
      { kind: 'System', namespace: 'default', name: 'shop' },
      {
        cluster: 'dev',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'shop-web',
        toRevision: 2,
        resourceVersion: '42',
        reason: 'bad release',
      },
    );
    expect(calls[0].url).toBe(
      'http://backend/api/console/entities/component/default/shop-web/releases?cluster=dev',
    );
    expect(calls[1].url).toBe(
      'http://backend/api/console/entities/System/default/shop/rollback',
    );
    expect(calls[1].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[1].init?.body))).toMatchObject({
      toRevision: 2,
      resourceVersion: '42',
    });
  });

  it("asks for a team's namespaces by the Group's namespace and name", async () => {
    const { api, calls } = client(
      () => new Response(JSON.stringify({ team: 'x' }), { status: 200 }),
    );
    await api.getTeamNamespaces('storefront');
    await api.getTeamNamespaces('group:other/pay ments');
    expect(calls.map(c => c.url)).toEqual([
      'http://backend/api/console/teams/default/storefront/namespaces',
      'http://backend/api/console/teams/other/pay%20ments/namespaces',
    ]);
  });

  it('asks for a revision comparison with the revisions in the query', async () => {
    const { api, calls } = client(
      () => new Response(JSON.stringify({ state: 'ok' }), { status: 200 }),
    );
    await api.getRevisionComparison('component:default/shop-api', {
      cluster: 'dev',
      kind: 'Deployment',
      workload: 'shop-api',
      revision: 3,
      against: undefined,
    });
    expect(calls[0].url).toBe(
      'http://backend/api/console/entities/component/default/shop-api/comparison?cluster=dev&kind=Deployment&workload=shop-api&revision=3',
    );
  });

  it('starts, lists, reads and acts on canaries at their endpoints', async () => {
    const { api, calls } = client(
      () => new Response(JSON.stringify({ canaries: [] }), { status: 200 }),
    );
    const id = '6f1c1a4e-4c7b-4a8e-9a51-0d3c2b1a0f00';
    await api.startCanary('component:default/shop-api', {
      cluster: 'dev',
      namespace: 'storefront',
      name: 'shop-api',
      reason: 'release 2.1.0',
      spec: { images: { api: 'registry.local/shop-api:2.1.0' } },
    });
    await api.listCanaries({
      kind: 'Component',
      namespace: 'default',
      name: 'shop api',
    });
    await api.getCanary(id);
    await api.canaryAction(id, { action: 'abort', comment: 'too slow' });
    expect(calls.map(c => [c.init?.method ?? 'GET', c.url])).toEqual([
      [
        'POST',
        'http://backend/api/console/entities/component/default/shop-api/canaries',
      ],
      [
        'GET',
        'http://backend/api/console/entities/Component/default/shop%20api/canaries',
      ],
      ['GET', `http://backend/api/console/canaries/${id}`],
      ['POST', `http://backend/api/console/canaries/${id}/actions`],
    ]);
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      cluster: 'dev',
      namespace: 'storefront',
      name: 'shop-api',
      reason: 'release 2.1.0',
      spec: { images: { api: 'registry.local/shop-api:2.1.0' } },
    });
    expect(JSON.parse(String(calls[3].init?.body))).toEqual({
      action: 'abort',
      comment: 'too slow',
    });
  });

  it("keeps the backend's message of a refused canary", async () => {
    const { api } = client(
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'the last step must have weight 100',
            },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await api
      .startCanary('component:default/shop-api', {
        cluster: 'dev',
        namespace: 'storefront',
        name: 'shop-api',
        reason: 'release',
        spec: {},
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe('the last step must have weight 100');
  });

  it('throws ResponseError for failed requests', async () => {
    const { api } = client(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ConflictError', message: 'changed' },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await api.getRollback('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.name).toBe('ConflictError');
  });

  it('yields NDJSON log events split across chunks', async () => {
    const encoder = new TextEncoder();
    const lines = [
      '{"type":"line","timestamp":"t1","pod":"p","container":"c","text":"a"}\n{"type":"li',
      'ne","timestamp":"t2","pod":"p","container":"c","text":"b"}\n',
      '{"type":"end","reason":"done"}\n',
    ];
    const body = new ReadableStream({
      start(controller) {
        lines.forEach(l => controller.enqueue(encoder.encode(l)));
        controller.close();
      },
    });
    const { api } = client(() => new Response(body, { status: 200 }));
    const events: LogEvent[] = [];
    for await (const event of api.streamLogs('component:default/shop-web', {
      cluster: 'dev',
      workload: 'shop-web',
      follow: true,
    })) {
      events.push(event);
    }
    expect(events.map(e => e.type)).toEqual(['line', 'line', 'end']);
  });
});
