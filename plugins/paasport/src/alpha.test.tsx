import { MarketplaceClient } from '@paasport/plugin-marketplace-common';
import { ConsoleClient } from '@paasport/plugin-console-common';
import {
  consoleApiRef,
  marketplaceApiRef,
} from '@paasport/plugin-paasport-react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { screen } from '@testing-library/react';
import {
  consoleFetch,
  paymentsApi,
  shop,
  shopApi,
  shopReleases,
  shopWeb,
} from './__testUtils__/shop';
import paasportPlugin from './alpha';

jest.setTimeout(30_000);

describe('paasport plugin in a new-frontend-system app', () => {
  it('mounts its home page at / with the nav title Home', async () => {
    const tester = createExtensionTester(
      paasportPlugin.getExtension('page:paasport'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/');
    expect(tester.get(coreExtensionData.title)).toBe('Home');
  });

  it('gives Components with workloads and Systems a status card, nothing else', () => {
    const tester = createExtensionTester(
      paasportPlugin.getExtension('entity-card:paasport/status'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(shop)).toBe(true);
    expect(
      filter({
        ...shopApi,
        metadata: {
          name: 'shop-api',
          annotations: { 'backstage.io/kubernetes-id': 'shop-api' },
        },
      }),
    ).toBe(true);
    // No workloads to find: nothing to show.
    expect(filter(shopApi)).toBe(false);
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'storefront' },
      }),
    ).toBe(false);
  });

  it('gives Systems an Application tab', async () => {
    const extension = paasportPlugin.getExtension(
      'entity-content:paasport/application',
    );
    const tester = createExtensionTester(extension);
    expect(tester.get(coreExtensionData.routePath)).toBe('/application');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Application',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(shop)).toBe(true);
    expect(filter(shopWeb)).toBe(false);

    renderTestApp({
      extensions: [createTestEntityPage({ entity: shop }), extension],
      apis: [
        [
          catalogApiRef,
          catalogApiMock({ entities: [shop, shopWeb, shopApi, paymentsApi] }),
        ],
        [fetchApiRef, consoleFetch(() => shopReleases).fetchApi],
        [discoveryApiRef, consoleFetch(() => shopReleases).discoveryApi],
        [
          marketplaceApiRef,
          new MarketplaceClient(consoleFetch(() => shopReleases)),
        ],
        [consoleApiRef, new ConsoleClient(consoleFetch(() => shopReleases))],
        [catalogGraphApiRef, new DefaultCatalogGraphApi()],
      ],
    });
    expect(
      await screen.findByRole('table', {
        name: 'Services of shop per cluster',
      }),
    ).toBeInTheDocument();
  });
});
