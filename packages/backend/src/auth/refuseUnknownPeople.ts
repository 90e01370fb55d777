import { NotAllowedError } from '@backstage/errors';
import { SignInResolverFactory } from '@backstage/plugin-auth-node';

/**
 * A sign-in resolver factory that refuses someone it cannot find in the
 * catalog with a sentence they can act on, instead of Backstage's "unable to
 * resolve user identity".
 *
 * @remarks
 * Backstage's declarative resolvers turn a resolver's NotFoundError into that
 * generic message (and try the next resolver); a NotAllowedError passes
 * through to the sign-in page as it is. Everything else, options included,
 * is the wrapped factory's.
 */
export function refuseUnknownPeople(
  factory: SignInResolverFactory,
): SignInResolverFactory {
  const wrapped = (options?: unknown) => {
    const resolve = factory(options);
    return async (
      info: Parameters<typeof resolve>[0],
      context: Parameters<typeof resolve>[1],
    ) => {
      try {
        return await resolve(info, context);
      } catch (error) {
        if ((error as Error)?.name !== 'NotFoundError') throw error;
        const who = info.profile.email ?? 'This account';
        throw new NotAllowedError(
          `${who} is not the email of anyone in Paasport's catalog, so it cannot sign in. ` +
            'Ask a platform admin to add you (a User with this profile email) to the organisation.',
        );
      }
    };
  };
  return Object.assign(wrapped, {
    optionsJsonSchema: factory.optionsJsonSchema,
  }) as SignInResolverFactory;
}
