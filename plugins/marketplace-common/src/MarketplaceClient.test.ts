import { ResponseError } from '@backstage/errors';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MarketplaceClient } from './MarketplaceClient';
import { createInstanceRequestSchema } from './schemas';

describe('MarketplaceClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body,
        });
        if (req.url?.startsWith('/api/marketplace/requests/missing')) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { name: 'NotFoundError', message: 'No request missing' },
              response: { statusCode: 404 },
            }),
          );
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/marketplace`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const client = () =>
    new MarketplaceClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
    });

  it('sends requests to the marketplace plugin with JSON bodies and the idempotency key', async () => {
    await client().createRequest(
      {
        offeringId: 'mysql',
        planId: 'small',
        name: 'orders',
        system: 'system:default/shop',
      },
      { idempotencyKey: 'k-1' },
    );
    await client().listRequests({ scope: 'mine', state: 'ready' });
    await client().deprovision('id/1', { force: true });
    await client().revealCredentials('r', 'b');
    await client().listEvents('r', { after: 7 });
    await client().listEvents('r');
    await client().listInstances({ entity: 'component:default/shop-api' });
    await client().listApprovals();
    await client().listClusters();
    expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
      'POST /api/marketplace/requests',
      'GET /api/marketplace/requests?scope=mine&state=ready',
      'DELETE /api/marketplace/requests/id%2F1?force=true',
      'POST /api/marketplace/requests/r/bindings/b/reveal',
      'GET /api/marketplace/requests/r/events?after=7',
      'GET /api/marketplace/requests/r/events',
      'GET /api/marketplace/instances?entity=component%3Adefault%2Fshop-api',
      'GET /api/marketplace/approvals',
      'GET /api/marketplace/clusters',
    ]);
    expect(seen[0].headers['idempotency-key']).toBe('k-1');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toMatchObject({ name: 'orders' });
  });

  it('throws ResponseError with the server error on failure', async () => {
    const error = await client()
      .getRequest('missing')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No request missing');
  });
});

describe('createInstanceRequestSchema', () => {
  it('accepts DNS-label names and rejects everything else', () => {
    const base = {
      offeringId: 'mysql',
      planId: 'small',
      system: 'system:default/shop',
    };
    expect(
      createInstanceRequestSchema.parse({ ...base, name: 'orders-db' })
        .parameters,
    ).toEqual({});
    for (const name of [
      'Orders',
      'o',
      '-orders',
      'orders-',
      'orders_db',
      'a'.repeat(41),
    ]) {
      expect(
        createInstanceRequestSchema.safeParse({ ...base, name }).success,
      ).toBe(false);
    }
    expect(
      createInstanceRequestSchema.safeParse({
        ...base,
        name: 'ok-name',
        extra: 1,
      }).success,
    ).toBe(false);
  });

  it('takes a component instead of a system, a cluster and a binding to create on ready', () => {
    const body = {
      offeringId: 'redis',
      planId: 'small',
      name: 'cache',
      component: 'component:default/shop-api',
      cluster: 'dev',
      binding: { name: 'shop-api' },
    };
    expect(createInstanceRequestSchema.parse(body)).toEqual({
      ...body,
      parameters: {},
    });
    const { component: _, ...withoutOwner } = body;
    expect(
      createInstanceRequestSchema.safeParse(withoutOwner).error?.issues[0],
    ).toMatchObject({ path: ['system'] });
    for (const cluster of ['', 'a/b', 'a=b', 'a b']) {
      expect(
        createInstanceRequestSchema.safeParse({ ...body, cluster }).success,
      ).toBe(false);
    }
    expect(
      createInstanceRequestSchema.safeParse({
        ...body,
        binding: { name: 'Bad' },
      }).success,
    ).toBe(false);
  });
});
