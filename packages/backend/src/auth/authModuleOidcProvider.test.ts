import { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  AuthResolverContext,
  OAuthAuthenticatorResult,
} from '@backstage/plugin-auth-node';
import { oidcProfileTransform } from './authModuleOidcProvider';

function result(
  userinfo: Record<string, unknown>,
  idTokenClaims?: Record<string, unknown>,
): OAuthAuthenticatorResult<OidcAuthResult> {
  const tokenset = {
    id_token: idTokenClaims ? 'header.payload.signature' : undefined,
    claims: () => {
      if (!idTokenClaims) throw new TypeError('id_token not present');
      return idTokenClaims;
    },
  };
  return {
    fullProfile: { userinfo, tokenset } as unknown as OidcAuthResult,
    session: { accessToken: 'a', tokenType: 'bearer', scope: 'openid' },
  };
}

const context = {} as AuthResolverContext;

describe('oidcProfileTransform', () => {
  it('keeps the email of a userinfo answer that says it is verified', async () => {
    const { profile } = await oidcProfileTransform(
      result(
        {
          sub: '1',
          name: 'Alice',
          email: 'alice@acme.example',
          email_verified: true,
        },
        { sub: '1', email: 'other@acme.example', email_verified: true },
      ),
      context,
    );
    expect(profile).toEqual(
      expect.objectContaining({
        email: 'alice@acme.example',
        displayName: 'Alice',
      }),
    );
  });

  it('takes the email from the ID token when only the ID token says it is verified (Gitea)', async () => {
    const { profile } = await oidcProfileTransform(
      result(
        { sub: '2', name: 'bob', email: 'bob@acme.example' },
        { sub: '2', email: 'bob@acme.example', email_verified: true },
      ),
      context,
    );
    expect(profile.email).toBe('bob@acme.example');
    expect(profile.displayName).toBe('bob');
  });

  it('leaves out an email nobody says is verified', async () => {
    const unverified = await oidcProfileTransform(
      result(
        { sub: '3', email: 'carol@acme.example' },
        { sub: '3', email: 'carol@acme.example', email_verified: false },
      ),
      context,
    );
    expect(unverified.profile.email).toBeUndefined();

    const unsaid = await oidcProfileTransform(
      result(
        { sub: '3', email: 'carol@acme.example' },
        { sub: '3', email: 'carol@acme.example' },
      ),
      context,
    );
    expect(unsaid.profile.email).toBeUndefined();
  });

  it('does without an ID token', async () => {
    const { profile } = await oidcProfileTransform(
      result({ sub: '4', email: 'dave@acme.example' }),
      context,
    );
    expect(profile.email).toBeUndefined();
  });
});
