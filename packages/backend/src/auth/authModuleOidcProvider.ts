import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
  OAuthAuthenticatorResult,
  ProfileTransform,
} from '@backstage/plugin-auth-node';
import {
  OidcAuthResult,
  oidcAuthenticator,
  oidcSignInResolvers,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import { refuseUnknownPeople } from './refuseUnknownPeople';

/**
 * The profile of an OpenID Connect sign-in: the oidc module's own, except
 * that the email may also come from the ID token. The module takes the email
 * only from a userinfo answer that says `email_verified: true`; issuers such
 * as Gitea state `email_verified` only in the ID token, and nobody would be
 * signed in by email (`emailMatchingUserEntityProfileEmail`). The ID token has
 * been verified by then (signature, issuer, audience, nonce), and its email
 * counts only when it says so itself.
 */
export const oidcProfileTransform: ProfileTransform<
  OAuthAuthenticatorResult<OidcAuthResult>
> = async (result, context) => {
  const { profile } = await oidcAuthenticator.defaultProfileTransform(
    result,
    context,
  );
  if (profile.email) {
    return { profile };
  }
  const { tokenset } = result.fullProfile;
  // claims() throws without an ID token (e.g. a refresh that returned none).
  const claims = tokenset.id_token ? tokenset.claims() : undefined;
  if (claims?.email_verified === true && typeof claims.email === 'string') {
    return { profile: { ...profile, email: claims.email } };
  }
  return { profile };
};

/**
 * Sign-in with OpenID Connect (`auth.providers.oidc`): the authenticator and
 * sign-in resolvers of `@backstage/plugin-auth-backend-module-oidc-provider`,
 * with {@link oidcProfileTransform}, and resolvers that tell someone missing
 * from the catalog so (see refuseUnknownPeople). Takes that module's place;
 * add only one of the two.
 *
 * @public
 */
export const authModuleOidcProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'paasport-oidc-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            profileTransform: oidcProfileTransform,
            signInResolverFactories: {
              emailMatchingUserEntityProfileEmail: refuseUnknownPeople(
                oidcSignInResolvers.emailMatchingUserEntityProfileEmail,
              ),
              emailLocalPartMatchingUserEntityName: refuseUnknownPeople(
                oidcSignInResolvers.emailLocalPartMatchingUserEntityName,
              ),
            },
          }),
        });
      },
    });
  },
});
