import { ResponseError } from '@backstage/errors';
import { DecommissionClient } from './DecommissionClient';

function client(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const api = new DecommissionClient({
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

describe('DecommissionClient', () => {
  it('addresses entities and runs and posts the confirmation as JSON', async () => {
    const { api, calls } = client(
      () => new Response(JSON.stringify({ ok: 1 }), { status: 200 }),
    );
    await api.getPreview('system:default/shop');
    await api.start(
      { kind: 'Component', namespace: 'default', name: 'shop web' },
      { confirmation: 'shop web', fingerprint: 'f'.repeat(64) },
    );
    await api.getRun('a/b');
    await api.listRuns('component:default/shop-web');
    await api.retry('id-1');
    expect(calls.map(c => [c.init?.method ?? 'GET', c.url])).toEqual([
      [
        'GET',
        'http://backend/api/decommission/entities/system/default/shop/preview',
      ],
      [
        'POST',
        'http://backend/api/decommission/entities/Component/default/shop%20web/decommission',
      ],
      ['GET', 'http://backend/api/decommission/runs/a%2Fb'],
      [
        'GET',
        'http://backend/api/decommission/entities/component/default/shop-web/runs',
      ],
      ['POST', 'http://backend/api/decommission/runs/id-1/retry'],
    ]);
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({
      confirmation: 'shop web',
      fingerprint: 'f'.repeat(64),
    });
  });

  it('throws ResponseError with the backend message for failed requests', async () => {
    const { api } = client(
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ConflictError', message: 'changed since preview' },
            request: { method: 'POST', url: '/x' },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await api.retry('id-1').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe('changed since preview');
  });
});
