import { dialogApiRef } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { legacySystem } from '../__testUtils__/fixtures';
import { useDecommissionMenuItem } from './useDecommissionMenuItem';

function menuItemFor(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const authorize = jest.fn(() => result);
  const dialogApi = { open: jest.fn(), showModal: jest.fn() };
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [permissionApiRef, mockApis.permission({ authorize })],
        [dialogApiRef, dialogApi],
      ]}
    >
      {/* usePermission caches decisions in SWR's global cache. */}
      <SWRConfig value={{ provider: () => new Map() }}>
        <EntityProvider entity={legacySystem}>{children}</EntityProvider>
      </SWRConfig>
    </TestApiProvider>
  );
  const { result: item } = renderHook(() => useDecommissionMenuItem(), {
    wrapper,
  });
  return { item, authorize, dialogApi };
}

describe('useDecommissionMenuItem', () => {
  it('is disabled for someone the policy does not let decommission the entity', async () => {
    const { item, authorize } = menuItemFor(AuthorizeResult.DENY);
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await waitFor(() => expect(item.current.disabled).toBe(true));
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'decommission.entity.execute',
        }),
        resourceRef: 'system:default/legacy',
      }),
    );
  });

  it('is enabled for an owner, and opens the dialog', async () => {
    const { item, dialogApi } = menuItemFor(AuthorizeResult.ALLOW);
    expect(item.current.title).toBe('Decommission');
    await waitFor(() => expect(item.current.disabled).toBe(false));
    item.current.onClick();
    expect(dialogApi.open).toHaveBeenCalledTimes(1);
  });
});
