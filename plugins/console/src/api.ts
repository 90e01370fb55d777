import { createApiRef } from '@backstage/core-plugin-api';
import { ConsoleApi } from '@paasport/plugin-console-common';

/**
 * The console backend's API. The implementation is `ConsoleClient` from
 * `@paasport/plugin-console-common`, shared with backend callers.
 *
 * @public
 */
export const consoleApiRef = createApiRef<ConsoleApi>({
  id: 'plugin.console.service',
});
