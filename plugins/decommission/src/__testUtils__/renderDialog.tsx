import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { DecommissionApi } from '@paasport/plugin-decommission-common';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { decommissionApiRef } from '../api';

/** Renders with a fake decommission API and an allow/deny permission API. */
export function renderWithApi(
  element: ReactElement,
  options: {
    api: DecommissionApi;
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [decommissionApiRef, options.api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.authorize ?? AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      {/* usePermission caches decisions in SWR's global cache. */}
      <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
    </TestApiProvider>,
  );
}
