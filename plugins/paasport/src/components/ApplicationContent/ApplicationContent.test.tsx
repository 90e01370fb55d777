import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import {
  consoleApiRef,
  marketplaceApiRef,
} from '@paasport/plugin-paasport-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  ConsoleClient,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import { screen, within } from '@testing-library/react';
import {
  consoleFetch,
  paymentsApi,
  shop,
  shopApi,
  shopReleases,
  shopWeb,
} from '../../__testUtils__/shop';
import { ApplicationContent } from './ApplicationContent';

jest.setTimeout(30_000);

async function render(
  answer: () => ReleasesResponse | Error,
  options: { graph?: boolean } = {},
) {
  const { fetchApi, discoveryApi, urls } = consoleFetch(answer);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        ...(options.graph === false
          ? []
          : [[catalogGraphApiRef, new DefaultCatalogGraphApi()] as const]),
        [
          catalogApiRef,
          catalogApiMock({ entities: [shop, shopWeb, shopApi, paymentsApi] }),
        ],
        [fetchApiRef, fetchApi],
        [discoveryApiRef, discoveryApi],
        [marketplaceApiRef, new MarketplaceClient({ discoveryApi, fetchApi })],
        [consoleApiRef, new ConsoleClient({ discoveryApi, fetchApi })],
      ]}
    >
      <EntityProvider entity={shop}>
        <ApplicationContent refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return urls;
}

describe('ApplicationContent', () => {
  it('shows each service’s health and release per cluster, from one console request', async () => {
    const urls = await render(() => shopReleases);
    const table = await screen.findByRole('table', {
      name: 'Services of shop per cluster',
    });
    expect(urls.filter(url => url.includes('/api/console/'))).toEqual([
      'http://example.com/api/console/entities/system/default/shop/releases',
    ]);
    const header = within(table).getAllByRole('columnheader');
    expect(header.map(h => h.textContent)).toEqual([
      'Service',
      'Type',
      'dev',
      'prod',
      'stage',
    ]);
    const api = within(table).getByRole('row', { name: /^shop-api/ });
    const [, type, dev, prod, stage] = within(api).getAllByRole('cell');
    expect(type).toHaveTextContent('service');
    expect(dev).toHaveTextContent('healthy3/3 readyrev 3 · 1.2.0');
    expect(prod).toHaveTextContent('degraded1/3 readyrev 2 · 1.1.0');
    expect(stage).toHaveTextContent('unknown: cluster not answering');
    const web = within(table).getByRole('row', { name: /^shop-web/ });
    expect(within(web).getAllByRole('cell')[3]).toHaveTextContent(
      'not deployed',
    );
    // payments-api is a dependency, not a service of shop.
    expect(
      within(table).queryByRole('row', { name: /payments-api/ }),
    ).toBeNull();
  });

  it('marks a cluster whose data may be out of date, with since when', async () => {
    const staleSince = new Date(Date.now() - 3 * 60_000).toISOString();
    await render(() => ({
      ...shopReleases,
      clusters: shopReleases.clusters.map(entry =>
        entry.cluster === 'prod' && 'cache' in entry
          ? { ...entry, cache: { synced: true, stale: true, staleSince } }
          : entry,
      ),
    }));
    const table = await screen.findByRole('table', {
      name: 'Services of shop per cluster',
    });
    const [, , dev, prod] = within(table).getAllByRole('columnheader');
    expect(prod).toHaveTextContent(/^prod\s*stale since 3 minutes ago$/);
    expect(dev).toHaveTextContent(/^dev$/);
    // Its last known state is still shown.
    const api = within(table).getByRole('row', { name: /^shop-api/ });
    expect(within(api).getAllByRole('cell')[3]).toHaveTextContent(
      'degraded1/3 ready',
    );
  });

  it('lists owners, links and what each service depends on', async () => {
    await render(() => shopReleases);
    const about = await screen.findByLabelText('About shop');
    expect(within(about).getByText('storefront')).toBeInTheDocument();
    expect(within(about).getByText('Storefront').closest('a')).toHaveAttribute(
      'href',
      'https://shop.acme.dev',
    );
    const deps = await screen.findByRole('table', {
      name: 'Dependencies of shop',
    });
    const api = within(deps).getByRole('row', { name: /^shop-api/ });
    const [, services, middleware] = within(api).getAllByRole('cell');
    expect(services).toHaveTextContent('payments-api');
    expect(middleware).toHaveTextContent('shop-db');
    const web = within(deps).getByRole('row', { name: /^shop-web/ });
    expect(within(web).getAllByRole('cell')[2]).toHaveTextContent('none');
  });

  it('notes a missing marketplace next to the dependencies instead of failing', async () => {
    // The fake answers only the console: the marketplace endpoint 404s.
    const urls = await render(() => shopReleases);
    const marketplace = await screen.findByRole('region', {
      name: 'Marketplace middleware of shop',
    });
    expect(
      await within(marketplace).findByText(/marketplace is not installed/),
    ).toBeInTheDocument();
    expect(urls).toContain(
      'http://example.com/api/marketplace/instances?entity=system%3Adefault%2Fshop',
    );
    expect(
      screen.getByRole('table', { name: 'Dependencies of shop' }),
    ).toBeInTheDocument();
  });

  it('says so when the console cannot answer, and still shows the rest', async () => {
    await render(() => new Error('console backend unavailable'), {
      graph: false,
    });
    expect(
      (await screen.findAllByText(/console backend unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(
      await screen.findByRole('table', { name: 'Dependencies of shop' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Install the catalog graph plugin/),
    ).toBeInTheDocument();
  });
});
