import { createApiRef } from '@backstage/core-plugin-api';
import { ConsoleApi } from '@paasport/plugin-console-common';

/**
 * The console backend's API (releases, logs, metrics, the person's teams).
 * The console plugin provides it with `ConsoleClient` from
 * `@paasport/plugin-console-common`; it lives here so that other Paasport
 * frontend packages (the scaffolder's team field, the home page) ask the same
 * API instance instead of constructing clients of their own.
 *
 * @public
 */
export const consoleApiRef = createApiRef<ConsoleApi>({
  id: 'plugin.console.service',
});
