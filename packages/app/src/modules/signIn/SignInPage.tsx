import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { useMemo } from 'react';
import { signInProviders } from './signInProviders';

/**
 * The app's sign-in page (it replaces the app plugin's guest-only one): the
 * providers the configuration enables, see {@link signInProviders}.
 *
 * @internal
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      return function ConfiguredSignInPage(props: SignInPageProps) {
        const configApi = useApi(configApiRef);
        const providers = useMemo(
          () => signInProviders(configApi),
          [configApi],
        );
        return <SignInPage {...props} providers={providers} />;
      };
    },
  },
});
