import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import {
  consoleApiRef,
  marketplaceApiRef,
} from '@paasport/plugin-paasport-react';
import {
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ConsoleClient,
  ReleasesResponse,
  SignalsResponse,
} from '@paasport/plugin-console-common';
import { screen, within } from '@testing-library/react';
import { shopApi, shopReleases, shopWeb } from '../../__testUtils__/shop';
import { fakeBackend } from '../../__testUtils__/fakeBackend';
import { HomePage } from './HomePage';

const storefront = 'group:default/storefront';

const teamReleases: ReleasesResponse = {
  ...shopReleases,
  entityRef: storefront,
};

const signals: SignalsResponse = {
  entityRef: storefront,
  windowSeconds: 300,
  clusters: [
    {
      cluster: 'dev',
      workloads: [
        {
          entityRef: 'component:default/shop-api',
          kind: 'Deployment',
          namespace: 'storefront',
          name: 'shop-api',
          requestRate: 30,
          errorRate: 0.061,
          latencyP95: 0.49,
        },
        {
          entityRef: 'component:default/shop-web',
          kind: 'Deployment',
          namespace: 'storefront',
          name: 'shop-web',
          requestRate: 14,
          errorRate: 0.002,
          latencyP95: 0.03,
        },
      ],
    },
  ],
};

const pendingRequest = {
  id: 'r-1',
  name: 'orders-db',
  offeringId: 'mysql',
  planId: 'small',
  provider: 'paasport-broker',
  system: 'system:default/shop',
  team: storefront,
  namespace: 'storefront',
  parameters: {},
  sizeGb: 1,
  state: 'awaiting_approval',
  createdBy: 'user:default/guest',
  createdAt: '2026-12-07T08:00:00Z',
  updatedAt: '2026-12-07T08:00:00Z',
};

/** The console's and the marketplace's endpoints the home page reads. */
function backend(answers: Record<string, unknown>) {
  return fakeBackend(url => {
    const found = answers[new URL(url).pathname.replace(/^\/api/, '')];
    return found === undefined ? undefined : { status: 200, body: found };
  });
}

const identityApi = {
  getProfileInfo: async () => ({ displayName: 'Guest User' }),
  getBackstageIdentity: async () => ({
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: [],
  }),
  getCredentials: async () => ({}),
  signOut: async () => {},
};

async function renderHome(answers: Record<string, unknown>) {
  const { fetchApi, discoveryApi, urls } = backend(answers);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fetchApiRef, fetchApi],
        [discoveryApiRef, discoveryApi],
        [marketplaceApiRef, new MarketplaceClient({ discoveryApi, fetchApi })],
        [consoleApiRef, new ConsoleClient({ discoveryApi, fetchApi })],
        [identityApiRef, identityApi],
        [catalogApiRef, catalogApiMock({ entities: [shopApi, shopWeb] })],
      ]}
    >
      <HomePage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return urls;
}

jest.setTimeout(30_000);

describe('HomePage', () => {
  it("shows the person's team's services per cluster, what needs attention and open requests", async () => {
    const urls = await renderHome({
      '/console/teams/mine': {
        userEntityRef: 'user:default/guest',
        teams: [storefront],
        admin: false,
      },
      '/console/entities/group/default/storefront/releases': teamReleases,
      '/console/entities/group/default/storefront/signals': signals,
      '/marketplace/requests': [pendingRequest],
      '/marketplace/approvals': [],
    });
    expect(await screen.findByText('Welcome, Guest')).toBeInTheDocument();
    const table = await screen.findByRole('table', {
      name: 'Services of storefront per cluster',
    });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText(/errors 6\.1 %/)).toBeInTheDocument();
    expect(within(table).getByText(/errors 0\.2 %/)).toBeInTheDocument();

    const attention = screen.getByRole('list', { name: 'Needs attention' });
    expect(
      within(attention).getByText('6.1 % of requests fail (1.2.0)'),
    ).toBeInTheDocument();
    expect(
      within(attention).getByText('1 of 3 pods ready (1.1.0)'),
    ).toBeInTheDocument();

    const requests = await screen.findByRole('list', {
      name: 'Your open requests',
    });
    expect(
      within(requests).getByRole('link', { name: 'orders-db' }),
    ).toHaveAttribute('href', '/marketplace/instances/r-1');
    expect(within(requests).getByText('awaiting approval')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Create a service/ }),
    ).toHaveAttribute('href', '/create');
    // Only the person's own open requests are asked for.
    expect(urls).toContain(
      'http://example.com/api/marketplace/requests?scope=mine&state=pending%2Cawaiting_approval%2Cprovisioning%2Cfailed%2Cdeprovisioning',
    );
  });

  it('says what to do for a person in no team, and with nothing in flight', async () => {
    await renderHome({
      '/console/teams/mine': {
        userEntityRef: 'user:default/newcomer',
        teams: [],
        admin: false,
      },
      '/marketplace/requests': [],
      '/marketplace/approvals': [],
    });
    expect(
      await screen.findByText('You are not in a team yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Nothing needs your attention/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/No requests in flight/),
    ).toBeInTheDocument();
  });

  it('invites a team with no services to create one', async () => {
    await renderHome({
      '/console/teams/mine': {
        userEntityRef: 'user:default/guest',
        teams: ['group:default/newteam'],
        admin: false,
      },
      '/console/entities/group/default/newteam/releases': {
        entityRef: 'group:default/newteam',
        clusters: [],
      },
      '/console/entities/group/default/newteam/signals': {
        entityRef: 'group:default/newteam',
        windowSeconds: 300,
        clusters: [],
      },
      '/marketplace/requests': [],
      '/marketplace/approvals': [],
    });
    expect(
      await screen.findByText(/newteam owns no services yet/),
    ).toBeInTheDocument();
  });
});
