import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import { ConsoleClient } from '@paasport/plugin-console-common';
import {
  consoleApiRef,
  marketplaceApiRef,
} from '@paasport/plugin-paasport-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  consoleFetch,
  shop,
  shopApi,
  shopReleases,
  shopWeb,
} from './__testUtils__/shop';
import {
  EntityApplicationContent,
  PaasportPage,
  paasportPlugin,
} from './plugin';
import { rootRouteRef } from './routes';

describe('paasport plugin in a legacy app', () => {
  it('exposes its root route and renders the routable page on its path', async () => {
    expect(paasportPlugin.routes.root).toBe(rootRouteRef);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApiMock({ entities: [] })],
          [fetchApiRef, consoleFetch(() => shopReleases).fetchApi],
          [discoveryApiRef, consoleFetch(() => shopReleases).discoveryApi],
          [
            marketplaceApiRef,
            new MarketplaceClient(consoleFetch(() => shopReleases)),
          ],
          [consoleApiRef, new ConsoleClient(consoleFetch(() => shopReleases))],
        ]}
      >
        <Routes>
          <Route path="/paasport" element={<PaasportPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/paasport'] },
    );
    expect(await screen.findByText('Create a service')).toBeInTheDocument();
  });

  it('shows the application page of a System', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            catalogApiRef,
            catalogApiMock({ entities: [shop, shopWeb, shopApi] }),
          ],
          [fetchApiRef, consoleFetch(() => shopReleases).fetchApi],
          [discoveryApiRef, consoleFetch(() => shopReleases).discoveryApi],
          [
            marketplaceApiRef,
            new MarketplaceClient(consoleFetch(() => shopReleases)),
          ],
          [consoleApiRef, new ConsoleClient(consoleFetch(() => shopReleases))],
        ]}
      >
        <EntityProvider entity={shop}>
          <EntityApplicationContent refreshIntervalMs={0} />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByRole('table', {
        name: 'Services of shop per cluster',
      }),
    ).toBeInTheDocument();
    // Without the catalog graph plugin, the table of dependencies still shows.
    expect(
      await screen.findByRole('table', { name: 'Dependencies of shop' }),
    ).toBeInTheDocument();
  });
});
