import { Entity } from '@backstage/catalog-model';
import { FlatRoutes } from '@backstage/core-app-api';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { MarketplaceApi } from '@paasport/plugin-marketplace-common';
import { ReactElement } from 'react';
import { Route } from 'react-router-dom';
import { SWRConfig } from 'swr';
import { marketplaceApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { allEntities } from './fixtures';

/** Options of {@link renderMarketplace}. */
export interface RenderOptions {
  api: Partial<MarketplaceApi>;
  /** Where the test app starts; the marketplace is mounted at /marketplace. */
  path?: string;
  /** Decision for every permission (default allow), or per permission name. */
  authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  deny?: string[];
  /** Renders the element as an entity page's tab for this entity. */
  entity?: Entity;
  userEntityRef?: string;
}

/**
 * Renders marketplace UI in a test app: the element mounted at
 * `/marketplace` (or inside an EntityProvider), with a fake marketplace
 * API, an in-memory catalog of the demo entities, the guest's identity and
 * a permission API that allows or denies.
 */
export function renderMarketplace(
  element: ReactElement,
  options: RenderOptions,
) {
  const permissionApi = {
    authorize: jest.fn(async (request: { permission: { name: string } }) => ({
      result: options.deny?.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : options.authorize ?? AuthorizeResult.ALLOW,
    })),
  };
  const identityApi = mockApis.identity({
    userEntityRef: options.userEntityRef ?? 'user:default/guest',
    ownershipEntityRefs: [
      options.userEntityRef ?? 'user:default/guest',
      'group:default/storefront',
    ],
  });
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    // Mounted the way a legacy app's App.tsx mounts the page.
    <FlatRoutes>
      <Route path="/marketplace" element={element} />
    </FlatRoutes>
  );
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [marketplaceApiRef, options.api],
        [permissionApiRef, permissionApi],
        [catalogApiRef, catalogApiMock({ entities: allEntities })],
        [identityApiRef, identityApi],
      ]}
    >
      {/* usePermission caches decisions in SWR's global cache; a fresh
          cache per render keeps one test's decision out of the next. */}
      <SWRConfig value={{ provider: () => new Map() }}>{content}</SWRConfig>
    </TestApiProvider>,
    {
      routeEntries: [options.path ?? '/marketplace'],
      mountedRoutes: {
        '/marketplace': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}
