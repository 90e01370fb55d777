import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { fakeMarketplaceApi } from './__testUtils__/fakeMarketplaceApi';
import {
  cacheBinding,
  cacheDetails,
  cacheRequest,
  offerings,
  shopApi,
  shopSystem,
} from './__testUtils__/fixtures';
import marketplacePlugin from './alpha';
import { marketplaceApiRef } from './api';

describe('marketplace plugin in a new-frontend-system app', () => {
  it('provides the marketplace API', () => {
    const tester = createExtensionTester(
      marketplacePlugin.getExtension('api:marketplace'),
    );
    expect(tester.get(ApiBlueprint.dataRefs.factory).api.id).toBe(
      'plugin.marketplace.service',
    );
  });

  it('mounts the Marketplace page at /marketplace with a nav item', async () => {
    const page = marketplacePlugin.getExtension('page:marketplace');
    const tester = createExtensionTester(page);
    expect(tester.get(coreExtensionData.routePath)).toBe('/marketplace');
    // Title and icon are what the app turns into the sidebar item.
    expect(tester.get(coreExtensionData.title)).toBe('Marketplace');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();

    renderTestApp({
      extensions: [page],
      apis: [
        [
          marketplaceApiRef,
          fakeMarketplaceApi({ listOfferings: jest.fn(async () => offerings) }),
        ],
      ],
      initialRouteEntries: ['/marketplace'],
    });
    expect(
      await screen.findByRole('table', { name: 'Plans of Redis' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'My instances' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Approvals' })).toBeInTheDocument();
  });

  it('serves instance pages below /marketplace', async () => {
    const getRequest = jest.fn(async () => cacheDetails());
    renderTestApp({
      extensions: [marketplacePlugin.getExtension('page:marketplace')],
      apis: [[marketplaceApiRef, fakeMarketplaceApi({ getRequest })]],
      initialRouteEntries: [`/marketplace/instances/${cacheRequest().id}`],
    });
    expect(
      await screen.findByRole('heading', { name: 'shop-cache' }),
    ).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledWith(cacheRequest().id);
  });

  it('gives Components and Systems, and nothing else, a Middleware tab', () => {
    const tester = createExtensionTester(
      marketplacePlugin.getExtension('entity-content:marketplace/middleware'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/middleware');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Middleware',
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('operation');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(shopApi)).toBe(true);
    expect(filter(shopSystem)).toBe(true);
    expect(filter({ ...shopSystem, kind: 'Group' })).toBe(false);
    expect(filter({ ...shopSystem, kind: 'API' })).toBe(false);
  });

  it('renders the Middleware tab on an entity page', async () => {
    const listInstances = jest.fn(async () => [
      { ...cacheRequest(), bindings: [cacheBinding()] },
    ]);
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: shopApi }),
        marketplacePlugin.getExtension('entity-content:marketplace/middleware'),
        marketplacePlugin.getExtension('page:marketplace'),
      ],
      apis: [[marketplaceApiRef, fakeMarketplaceApi({ listInstances })]],
    });
    expect(
      await screen.findByRole('table', { name: 'Middleware of shop-api' }),
    ).toBeInTheDocument();
    expect(listInstances).toHaveBeenCalledWith({
      entity: 'component:default/shop-api',
    });
    // Links resolve to the page's sub-routes in the new frontend system too.
    expect(screen.getByRole('link', { name: 'shop-cache' })).toHaveAttribute(
      'href',
      `/marketplace/instances/${cacheRequest().id}`,
    );
    expect(
      screen.getByRole('button', { name: 'Request middleware' }),
    ).toHaveAttribute(
      'href',
      '/marketplace?for=component%3Adefault%2Fshop-api',
    );
  });
});
