import { NotFoundError } from '@backstage/errors';
import {
  AuthResolverContext,
  commonSignInResolvers,
} from '@backstage/plugin-auth-node';
import { refuseUnknownPeople } from './refuseUnknownPeople';

const info = (email: string) => ({
  profile: { email },
  result: {},
});

function context(users: Record<string, string>): AuthResolverContext {
  return {
    signInWithCatalogUser: async (query: {
      filter: Record<string, string>;
    }) => {
      const ref = users[query.filter['spec.profile.email']];
      if (!ref) throw new NotFoundError('User not found');
      return { token: `token-of-${ref}` };
    },
  } as unknown as AuthResolverContext;
}

describe('refuseUnknownPeople', () => {
  const resolver = refuseUnknownPeople(
    commonSignInResolvers.emailMatchingUserEntityProfileEmail,
  )();

  it('signs in a person the catalog has', async () => {
    await expect(
      resolver(
        info('alice@acme.example'),
        context({ 'alice@acme.example': 'user:default/alice' }),
      ),
    ).resolves.toEqual({ token: 'token-of-user:default/alice' });
  });

  it('refuses someone the catalog lacks with a sentence naming the email and what to do', async () => {
    const refusal = resolver(info('mallory@elsewhere.example'), context({}));
    await expect(refusal).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "mallory@elsewhere.example is not the email of anyone in Paasport's catalog, so it cannot sign in. Ask a platform admin to add you (a User with this profile email) to the organisation.",
    });
  });

  it('keeps the options schema of the resolver it wraps', () => {
    expect(
      refuseUnknownPeople(
        commonSignInResolvers.emailMatchingUserEntityProfileEmail,
      ).optionsJsonSchema,
    ).toEqual(
      expect.objectContaining({
        anyOf: expect.arrayContaining([
          expect.objectContaining({
            properties: expect.objectContaining({
              allowedDomains: expect.anything(),
            }),
          }),
        ]),
      }),
    );
  });
});
