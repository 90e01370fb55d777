import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeMarketplaceApi } from './__testUtils__/fakeMarketplaceApi';
import {
  cacheBinding,
  cacheDetails,
  cacheRequest,
  offerings,
  shopSystem,
} from './__testUtils__/fixtures';
import { renderMarketplace } from './__testUtils__/renderMarketplace';
import {
  EntityMiddlewareContent,
  isMarketplaceEntity,
  marketplaceApiRef,
  MarketplacePage,
  marketplacePlugin,
} from './index';

describe('marketplace plugin in a legacy app', () => {
  it('registers a MarketplaceClient for the marketplace API', () => {
    const factories = [...marketplacePlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual([marketplaceApiRef.id]);
    expect(marketplacePlugin.getId()).toBe('marketplace');
    expect(Object.keys(marketplacePlugin.routes)).toEqual([
      'root',
      'instance',
      'request',
    ]);
  });

  it('decides which entities get the Middleware tab', () => {
    expect(isMarketplaceEntity(shopSystem)).toBe(true);
    expect(isMarketplaceEntity({ ...shopSystem, kind: 'Component' })).toBe(
      true,
    );
    expect(isMarketplaceEntity({ ...shopSystem, kind: 'Group' })).toBe(false);
  });

  it('renders the routable page with its tabs', async () => {
    await renderMarketplace(<MarketplacePage />, {
      api: fakeMarketplaceApi({
        listOfferings: jest.fn(async () => offerings),
      }),
    });
    expect(
      await screen.findByRole('table', { name: 'Plans of MySQL' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Offerings' })).toBeInTheDocument();
  });

  it('routes its tabs and instance pages below the mount point', async () => {
    const user = userEvent.setup();
    const api = fakeMarketplaceApi({
      listOfferings: jest.fn(async () => offerings),
      listRequests: jest.fn(async () => [cacheRequest()]),
      listApprovals: jest.fn(async () => []),
      getRequest: jest.fn(async () => cacheDetails()),
    });
    await renderMarketplace(<MarketplacePage refreshIntervalMs={0} />, { api });
    await user.click(await screen.findByRole('tab', { name: 'Approvals' }));
    expect(
      await screen.findByText('Nothing awaits your decision'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'My instances' }));
    await user.click(await screen.findByRole('link', { name: 'shop-cache' }));
    expect(
      await screen.findByRole('heading', { name: 'shop-cache' }),
    ).toBeInTheDocument();
    expect(api.getRequest).toHaveBeenCalledWith(cacheRequest().id);
  });

  it('renders the Middleware tab', async () => {
    await renderMarketplace(<EntityMiddlewareContent />, {
      api: fakeMarketplaceApi({
        listInstances: jest.fn(async () => [
          { ...cacheRequest(), bindings: [cacheBinding()] },
        ]),
      }),
      entity: shopSystem,
    });
    expect(
      await screen.findByRole('table', { name: 'Middleware of shop' }),
    ).toBeInTheDocument();
  });
});
