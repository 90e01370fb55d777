import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  cacheBinding,
  cacheRequest,
  offerings,
  shopApi,
} from './__testUtils__/fixtures';
import { renderMarketplace } from './__testUtils__/renderMarketplace';
import { EntityMiddlewareContent, MarketplacePage } from './plugin';

// The UI over the real MarketplaceClient and HTTP, answered the way the
// backend's router and error handler answer: checks paths, bodies, headers
// and that a refusal's own message reaches the user.
const server = setupServer();
registerMswTestHooks(server);

const base = 'http://example.com/api/marketplace';
const client = () =>
  new MarketplaceClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

describe('marketplace UI over HTTP', () => {
  it('sends the wizard as one POST with an idempotency key and shows a 400', async () => {
    const user = userEvent.setup();
    const posted: Array<{ body: unknown; key: string | null }> = [];
    server.use(
      http.get(`${base}/offerings`, () => HttpResponse.json(offerings)),
      http.get(`${base}/clusters`, () => HttpResponse.json([{ name: 'dev' }])),
      http.get(`${base}/quotas/:team`, ({ params }) =>
        HttpResponse.json({
          team: decodeURIComponent(String(params.team)),
          instances: { used: 0, limit: 10 },
          sizeGb: { used: 0, limit: 100 },
        }),
      ),
      http.post(`${base}/requests`, async ({ request }) => {
        posted.push({
          body: await request.json(),
          key: request.headers.get('idempotency-key'),
        });
        return HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                "An instance named 'shop-cache' exists already for system:default/shop",
            },
            request: { method: 'POST', url: '/api/marketplace/requests' },
            response: { statusCode: 400 },
          },
          { status: 400, statusText: 'Bad Request' },
        );
      }),
    );
    await renderMarketplace(<MarketplacePage refreshIntervalMs={0} />, {
      api: client(),
      path: '/marketplace/request/redis/small?for=component%3Adefault%2Fshop-api',
    });
    expect(
      await screen.findByRole('textbox', { name: /Application or component/ }),
    ).toHaveValue('shop-api');
    await user.type(
      screen.getByRole('textbox', { name: /Instance name/ }),
      'shop-cache',
    );
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Request' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The instance was not requested: The request was refused (400)',
    );
    expect(alert).toHaveTextContent(
      "An instance named 'shop-cache' exists already for system:default/shop",
    );
    // One cluster: the backend's default delivers the Secret there.
    expect(posted).toEqual([
      {
        body: {
          offeringId: 'redis',
          planId: 'small',
          name: 'shop-cache',
          component: 'component:default/shop-api',
          parameters: {},
          binding: { name: 'shop-api' },
        },
        key: expect.stringMatching(/.{8,}/),
      },
    ]);
  });

  it("asks for an entity's instances and polls them", async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${base}/instances`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('entity')!);
        return HttpResponse.json([
          { ...cacheRequest(), bindings: [cacheBinding()] },
        ]);
      }),
    );
    await renderMarketplace(
      <EntityMiddlewareContent refreshIntervalMs={200} />,
      { api: client(), entity: shopApi },
    );
    expect(
      await screen.findByRole('table', { name: 'Middleware of shop-api' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(asked.length).toBeGreaterThan(1));
    expect(new Set(asked)).toEqual(new Set(['component:default/shop-api']));
  });
});
