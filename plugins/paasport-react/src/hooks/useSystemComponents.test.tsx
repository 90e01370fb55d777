import { Entity } from '@backstage/catalog-model';
import { TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderHook, waitFor } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { useSystemComponents } from './useSystemComponents';

const component = (
  name: string,
  namespace: string,
  partOf?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace },
  spec: { type: 'service', owner: 'group:default/storefront' },
  relations: partOf ? [{ type: 'partOf', targetRef: partOf }] : [],
});

describe('useSystemComponents', () => {
  it('lists the Components whose partOf relation names the System', async () => {
    const catalogApi = catalogApiMock({
      entities: [
        component('shop-web', 'default', 'system:default/shop'),
        component('shop-api', 'default', 'system:default/shop'),
        // Says `shop` too, but in its own catalog namespace: another System.
        component('elsewhere', 'other', 'system:other/shop'),
        component('loner', 'default'),
      ],
    });
    const wrapper = ({ children }: PropsWithChildren) => (
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useSystemComponents('shop'), {
      wrapper,
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error).toBeUndefined();
    expect(result.current.value?.map(e => e.metadata.name)).toEqual([
      'shop-api',
      'shop-web',
    ]);
  });
});
