import { PrefetchingConsoleClient } from './PrefetchingConsoleClient';

/** A backend answering each releases request with a numbered body. */
function client() {
  const calls: string[] = [];
  let n = 0;
  let fail = false;
  const fetchApi = {
    fetch: jest.fn(async (url: string) => {
      calls.push(url);
      n++;
      if (fail)
        return new Response('{"error":{"name":"Error","message":"down"}}', {
          status: 503,
        });
      return new Response(JSON.stringify({ clusters: [], answer: n }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as unknown as typeof fetch,
  };
  const api = new PrefetchingConsoleClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/console' },
    fetchApi,
  });
  return { api, calls, failNext: (f: boolean) => (fail = f) };
}

describe('PrefetchingConsoleClient', () => {
  afterEach(() => jest.useRealTimers());

  it('hands the prefetched releases to the first load of the same entity, once', async () => {
    const { api, calls } = client();
    api.prefetchReleases({
      kind: 'component',
      namespace: 'default',
      name: 'shop-api',
    });
    const first = await api.getReleases('component:default/shop-api');
    expect(first).toMatchObject({ answer: 1 });
    expect(calls).toHaveLength(1);
    // A refresh goes to the backend.
    expect(await api.getReleases('component:default/shop-api')).toMatchObject({
      answer: 2,
    });
    expect(calls).toHaveLength(2);
  });

  it('does not hand them to another entity, a filtered query or after they went stale', async () => {
    const { api, calls } = client();
    api.prefetchReleases('component:default/shop-api');
    await api.getReleases('component:default/shop-web');
    await api.getReleases('component:default/shop-api', { cluster: 'dev' });
    expect(calls).toHaveLength(3);
    expect(calls[2]).toContain('cluster=dev');

    jest.useFakeTimers({ now: Date.now() });
    api.prefetchReleases('component:default/shop-api');
    jest.setSystemTime(Date.now() + 11_000);
    await api.getReleases('component:default/shop-api');
    expect(calls).toHaveLength(5);
  });

  it('loads again when the prefetch failed', async () => {
    const { api, calls, failNext } = client();
    failNext(true);
    api.prefetchReleases('component:default/shop-api');
    await Promise.resolve();
    failNext(false);
    await expect(
      api.getReleases('component:default/shop-api'),
    ).resolves.toMatchObject({
      clusters: [],
    });
    expect(calls).toHaveLength(2);
  });
});
