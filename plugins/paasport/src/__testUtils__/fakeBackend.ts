/** What a fake backend answers one request with. */
export type FakeAnswer = { status: number; body: unknown };

/**
 * Backstage's fetch and discovery APIs in front of a fake backend: `answer`
 * decides each request by its URL (`http://example.com/api/<plugin>/…`);
 * what it leaves undefined is a 404 with Backstage's error body. Records the
 * URLs asked for.
 */
export function fakeBackend(answer: (url: string) => FakeAnswer | undefined) {
  const urls: string[] = [];
  const fetchApi = {
    fetch: (async (input: string) => {
      const url = String(input);
      urls.push(url);
      const found = answer(url) ?? {
        status: 404,
        body: { error: { name: 'NotFoundError', message: `no ${url}` } },
      };
      return new Response(JSON.stringify(found.body), {
        status: found.status,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch,
  };
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      `http://example.com/api/${pluginId}`,
  };
  return { fetchApi, discoveryApi, urls };
}
