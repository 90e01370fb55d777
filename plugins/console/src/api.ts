/**
 * The console backend's API ref, shared with other Paasport frontend
 * packages through `@paasport/plugin-paasport-react`.
 *
 * @public
 */
export { consoleApiRef } from '@paasport/plugin-paasport-react';
