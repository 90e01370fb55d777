import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readCatalogContext } from './readCatalogContext';

const entity = (
  kind: string,
  name: string,
  spec: object,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-origin-location': 'file:/catalog/all.yaml',
      ...annotations,
    },
  },
  spec,
});

const discovered = {
  'backstage.io/managed-by-origin-location':
    'paasport-discovery:dev/payments/StatefulSet/db',
};

describe('readCatalogContext', () => {
  it('takes the verified teams and reads what catalog files declare', async () => {
    const catalog = catalogServiceMock({
      entities: [
        entity(
          'Group',
          'payments',
          { type: 'team' },
          { 'paasport.io/namespace': 'payments' },
        ),
        entity('Group', 'admins', { type: 'team' }),
        entity(
          'Group',
          'storefront',
          { type: 'team' },
          { 'paasport.io/namespaces': 'dev=shop-dev,prod=Bad_Name' },
        ),
        entity(
          'Group',
          'engineering',
          { type: 'department' },
          { 'paasport.io/namespace': 'x' },
        ),
        entity('System', 'Shop', { owner: 'storefront' }),
        entity(
          'Component',
          'Shop-Web',
          { owner: 'storefront' },
          {
            'backstage.io/kubernetes-id': 'Shop-Web-Id',
          },
        ),
        entity(
          'Component',
          'payments-ledger-db',
          { owner: 'payments' },
          discovered,
        ),
        entity('System', 'ledger', { owner: 'payments' }, discovered),
      ],
    });
    const teams = [
      {
        ref: 'group:default/payments',
        namespaces: { byCluster: { dev: 'payments', prod: 'payments' } },
      },
    ];
    const context = await readCatalogContext(
      catalog,
      mockServices.auth(),
      async () => teams,
    );
    expect(context).toEqual({
      // The teams as the application model verified them, unchanged.
      teams,
      declaredComponents: new Set(['shop-web']),
      declaredKubernetesIds: new Set(['shop-web-id']),
      declaredSystems: new Set(['shop']),
    });
  });

  it('fails when the catalog does, so that no run emits duplicates', async () => {
    const catalog = catalogServiceMock();
    jest.spyOn(catalog, 'streamEntities').mockImplementation(() => {
      throw new Error('catalog down');
    });
    await expect(
      readCatalogContext(catalog, mockServices.auth(), async () => []),
    ).rejects.toThrow('catalog down');
  });
});
