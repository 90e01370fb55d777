import { IdentityProviders } from '@backstage/core-components';
import { ConfigApi } from '@backstage/frontend-plugin-api';
import { oidcAuthApiRef } from './oidcAuthApiRef';

/** The OIDC provider's entry for the current `auth.environment`, if any. */
function oidcConfig(config: ConfigApi) {
  const environment =
    config.getOptionalString('auth.environment') ?? 'development';
  return config.getOptionalConfig(`auth.providers.oidc.${environment}`);
}

/**
 * What people know the OIDC identity provider as (`auth.providers.oidc.<env>.title`).
 *
 * @internal
 */
export function oidcTitle(config: ConfigApi): string {
  return oidcConfig(config)?.getOptionalString('title') ?? 'OpenID Connect';
}

/**
 * The sign-in choices the configuration enables: guest where
 * `auth.providers.guest` is set (local use), OpenID Connect where
 * `auth.providers.oidc` has an entry for the current `auth.environment`.
 * Only their presence and the OIDC title are visible to the app (config.d.ts).
 *
 * @internal
 */
export function signInProviders(config: ConfigApi): IdentityProviders {
  const providers: IdentityProviders = [];
  if (config.has('auth.providers.guest')) {
    providers.push('guest');
  }
  if (oidcConfig(config)) {
    const title = oidcTitle(config);
    providers.push({
      id: 'oidc',
      title,
      message: `Sign in with ${title}`,
      apiRef: oidcAuthApiRef,
    });
  }
  return providers;
}
