import { marketplaceApiRef } from '@paasport/plugin-paasport-react';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  InstanceBinding,
  InstanceWithBindings,
  MarketplaceClient,
  MarketplaceOffering,
} from '@paasport/plugin-marketplace-common';
import { screen, within } from '@testing-library/react';
import { fakeBackend, FakeAnswer } from '../../__testUtils__/fakeBackend';
import { MarketplaceInstances } from './MarketplaceInstances';

jest.setTimeout(30_000);

const BASE = 'http://example.com/api/marketplace';
const SHOP = 'system:default/shop';

function instance(
  id: string,
  extra: Partial<InstanceWithBindings> = {},
): InstanceWithBindings {
  return {
    id,
    name: id,
    offeringId: 'mysql',
    planId: 'small',
    provider: 'operator:mysql',
    system: SHOP,
    team: 'group:default/storefront',
    namespace: 'storefront',
    parameters: {},
    sizeGb: 10,
    state: 'ready',
    createdBy: 'user:default/ada',
    createdAt: '2026-11-23T20:00:00Z',
    updatedAt: '2026-11-23T20:00:00Z',
    bindings: [],
    ...extra,
  };
}

function binding(
  id: string,
  extra: Partial<InstanceBinding> = {},
): InstanceBinding {
  return {
    id,
    requestId: 'i',
    name: id,
    namespace: 'storefront',
    secretName: `${id}-credentials`,
    state: 'ready',
    createdBy: 'user:default/ada',
    createdAt: '2026-11-23T20:00:00Z',
    ...extra,
  };
}

const offerings: MarketplaceOffering[] = [
  {
    id: 'mysql',
    title: 'MySQL',
    plans: [
      {
        id: 'small',
        title: 'Small (10 GiB)',
        sizeGb: 10,
        ha: false,
        requiresApproval: false,
        provider: 'operator:mysql',
        available: true,
        parametersSchema: {},
      },
    ],
  },
];

type Answer = FakeAnswer;

/**
 * The marketplace back end as the browser sees it: `instances` answers the
 * instances endpoint, `offering` the offerings one; records what was asked.
 */
function marketplaceFetch(instances: Answer, offering: Answer) {
  const answers: Record<string, Answer> = {
    [`${BASE}/offerings`]: offering,
    [`${BASE}/instances?entity=${encodeURIComponent(SHOP)}`]: instances,
  };
  return fakeBackend(url => answers[url]);
}

async function render(instances: Answer, offering: Answer) {
  const { fetchApi, discoveryApi, urls } = marketplaceFetch(
    instances,
    offering,
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fetchApiRef, fetchApi],
        [discoveryApiRef, discoveryApi],
        [marketplaceApiRef, new MarketplaceClient({ discoveryApi, fetchApi })],
      ]}
    >
      <MarketplaceInstances systemRef={SHOP} name="shop" />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return urls;
}

const ok = (body: unknown) => ({ status: 200, body });
const backstageError = (status: number, name: string, message: string) => ({
  status,
  body: {
    error: { name, message },
    request: { method: 'GET', url: '/instances' },
    response: { statusCode: status },
  },
});

describe('MarketplaceInstances', () => {
  it('lists each instance with offering, plan, state and where it is bound', async () => {
    const urls = await render(
      ok([
        instance('shop-db', {
          bindings: [
            binding('b2', {
              component: 'component:default/shop-web',
              cluster: 'prod',
              state: 'pending',
            }),
            binding('b1', {
              component: 'component:default/shop-api',
              cluster: 'dev',
            }),
          ],
        }),
        instance('shop-cache', {
          offeringId: 'redis',
          planId: 'ha',
          state: 'failed',
          lastError: 'quota exceeded',
        }),
      ]),
      ok(offerings),
    );
    const table = await screen.findByRole('table', {
      name: 'Marketplace instances of shop',
    });
    expect(urls).toContain(`${BASE}/instances?entity=system%3Adefault%2Fshop`);
    const rows = within(table).getAllByRole('row').slice(1);
    // Sorted by offering: MySQL before redis (no title known for it).
    expect(rows.map(r => r.textContent)).toEqual([
      'shop-dbMySQLSmall (10 GiB)Readyshop-api on devshop-web on prod (pending)',
      'shop-cacheredishaFailedquota exceedednot bound',
    ]);
    expect(
      within(rows[0]).getByRole('link', { name: 'shop-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/shop-api');
  });

  it('shows ids when the offerings cannot be read', async () => {
    await render(
      ok([instance('shop-db')]),
      backstageError(500, 'Error', 'boom'),
    );
    const table = await screen.findByRole('table', {
      name: 'Marketplace instances of shop',
    });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      'shop-dbmysqlsmallReadynot bound',
    );
  });

  it('says when the application has no instances', async () => {
    await render(ok([]), ok(offerings));
    expect(
      await screen.findByText('No marketplace instances for shop.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('explains that the marketplace is not installed when its endpoint 404s', async () => {
    await render(
      backstageError(404, 'NotFoundError', 'Not Found'),
      backstageError(404, 'NotFoundError', 'Not Found'),
    );
    expect(
      await screen.findByText(/marketplace is not installed in this portal/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Not Found/)).toBeNull();
  });

  it('shows the error when the marketplace fails', async () => {
    await render(
      backstageError(503, 'ServiceUnavailableError', 'database is down'),
      ok(offerings),
    );
    expect(
      (await screen.findAllByText(/database is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/not installed/)).toBeNull();
  });
});
