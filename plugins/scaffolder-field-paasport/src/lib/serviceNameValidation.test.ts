import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { serviceNameValidation } from './serviceNameValidation';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'shop-api', namespace: 'default' },
      spec: { owner: 'group:default/storefront' },
    },
  ],
});

/** The scaffolder module's endpoint, when the backend has it. */
const scaffolderApis = new Map<unknown, unknown>([
  [
    discoveryApiRef,
    { getBaseUrl: async () => 'http://backstage/api/scaffolder' },
  ],
  [
    fetchApiRef,
    {
      fetch: async (url: string) => ({
        ok: url.endsWith('/paasport/service-names/legacy-app'),
        json: async () => ({
          name: 'legacy-app',
          catalog: { free: true },
          repository: {
            free: false,
            provider: 'gitea',
            url: 'http://gitea.example/paasport/legacy-app',
          },
        }),
      }),
    },
  ],
]);

async function errorsFor(value: string, withScaffolder = false) {
  const errors: string[] = [];
  await serviceNameValidation(
    value,
    { addError: (message: string) => errors.push(message) } as any,
    {
      apiHolder: {
        get: (ref: any) => {
          if (ref === catalogApiRef) return catalogApi;
          return withScaffolder ? scaffolderApis.get(ref) : undefined;
        },
      },
      formData: {},
      schema: {},
    } as any,
  );
  return errors;
}

describe('serviceNameValidation', () => {
  it('stops a name the catalog already has', async () => {
    expect(await errorsFor('shop-api')).toEqual([
      'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront',
    ]);
  });

  it('lets a free name through', async () => {
    expect(await errorsFor('shop-billing')).toEqual([]);
  });

  it('stops a name whose repository exists, when the scaffolder module says so', async () => {
    expect(await errorsFor('legacy-app', true)).toEqual([
      'legacy-app is taken: repository paasport/legacy-app exists in Gitea',
    ]);
  });

  it('checks the catalog itself when the endpoint does not answer', async () => {
    expect(await errorsFor('shop-api', true)).toEqual([
      'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront',
    ]);
  });
});
