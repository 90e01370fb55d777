import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
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
  it('mounts its home page at /paasport with a nav title', async () => {
    const tester = createExtensionTester(
      paasportPlugin.getExtension('page:paasport'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/paasport');
    expect(tester.get(coreExtensionData.title)).toBe('Paasport');

    renderInTestApp(tester.reactElement());
    expect(
      await screen.findByText('Middleware marketplace'),
    ).toBeInTheDocument();
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
