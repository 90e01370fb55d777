import { mockApis } from '@backstage/frontend-test-utils';
import { oidcAuthApiRef } from './oidcAuthApiRef';
import { oidcTitle, signInProviders } from './signInProviders';

const appConfig = (data: object) => mockApis.config({ data });

describe('signInProviders', () => {
  it('offers guest sign-in where auth.providers.guest is configured', () => {
    const config = appConfig({
      auth: { environment: 'development', providers: { guest: {} } },
    });
    expect(signInProviders(config)).toEqual(['guest']);
  });

  it('offers OIDC for the current auth.environment, titled from its config', () => {
    const config = appConfig({
      auth: {
        environment: 'development',
        providers: {
          guest: {},
          oidc: { development: { title: 'Gitea' } },
        },
      },
    });
    expect(signInProviders(config)).toEqual([
      'guest',
      {
        id: 'oidc',
        title: 'Gitea',
        message: 'Sign in with Gitea',
        apiRef: oidcAuthApiRef,
      },
    ]);
  });

  it('offers only OIDC in production, with a default title', () => {
    const config = appConfig({
      auth: {
        environment: 'production',
        providers: { oidc: { production: {} } },
      },
    });
    expect(signInProviders(config)).toEqual([
      expect.objectContaining({
        id: 'oidc',
        message: 'Sign in with OpenID Connect',
      }),
    ]);
    expect(oidcTitle(config)).toBe('OpenID Connect');
  });

  it('leaves out OIDC configured only for another environment', () => {
    const config = appConfig({
      auth: {
        providers: { guest: {}, oidc: { production: { title: 'Okta' } } },
      },
    });
    expect(signInProviders(config)).toEqual(['guest']);
  });
});
