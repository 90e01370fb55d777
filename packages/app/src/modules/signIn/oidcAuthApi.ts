import { OAuth2 } from '@backstage/core-app-api';
import {
  ApiBlueprint,
  configApiRef,
  discoveryApiRef,
  oauthRequestApiRef,
} from '@backstage/frontend-plugin-api';
import { oidcAuthApiRef } from './oidcAuthApiRef';
import { oidcTitle } from './signInProviders';

/**
 * The {@link oidcAuthApiRef} implementation: Backstage's OAuth2 popup flow.
 *
 * @internal
 */
export const oidcAuthApi = ApiBlueprint.make({
  name: 'oidc-auth',
  params: defineParams =>
    defineParams({
      api: oidcAuthApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
      },
      factory: ({ configApi, discoveryApi, oauthRequestApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          // The backend's provider id: /api/auth/oidc/{start,handler/frame,refresh}.
          provider: {
            id: 'oidc',
            title: oidcTitle(configApi),
            icon: () => null,
          },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email'],
        }),
    }),
});
