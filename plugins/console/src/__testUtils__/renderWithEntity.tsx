import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ConsoleApi } from '@paasport/plugin-console-common';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { consoleApiRef } from '../api';
import { shopWeb } from './fixtures';

/**
 * Renders an entity tab in a test app with a fake console API and a
 * permission API that allows (or denies) everything, or decides per
 * permission name (unlisted ones are denied).
 */
export function renderWithEntity(
  element: ReactElement,
  options: {
    api: Partial<ConsoleApi>;
    entity?: Entity;
    /** One answer for every permission, or one per permission name. */
    authorize?:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY
      | Record<string, AuthorizeResult.ALLOW | AuthorizeResult.DENY>;
  },
) {
  const { authorize = AuthorizeResult.ALLOW } = options;
  const permissionApi = mockApis.permission({
    authorize:
      typeof authorize === 'object'
        ? ({ permission }) => authorize[permission.name] ?? AuthorizeResult.DENY
        : authorize,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [consoleApiRef, options.api],
        [permissionApiRef, permissionApi],
      ]}
    >
      {/* usePermission caches decisions in SWR's global cache; a fresh
          cache per render keeps one test's decision out of the next. */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={options.entity ?? shopWeb}>
          {element}
        </EntityProvider>
      </SWRConfig>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
