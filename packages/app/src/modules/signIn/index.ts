import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { oidcAuthApi } from './oidcAuthApi';
import { signInPage } from './SignInPage';

export { oidcAuthApiRef } from './oidcAuthApiRef';

/**
 * Sign-in: guest locally, OpenID Connect where configured.
 *
 * @internal
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, signInPage],
});
