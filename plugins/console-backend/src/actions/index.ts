import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CanaryService } from '../canary/CanaryService';
import { ReleaseService } from '../releases/ReleaseService';
import { createGetCanaryAction } from './createGetCanaryAction';
import { createGetReleasesAction } from './createGetReleasesAction';
import { createListCanariesAction } from './createListCanariesAction';

/**
 * Registers the console's read-only actions (`console:get-releases`,
 * `console:list-canaries`, `console:get-canary`) for the MCP actions backend.
 *
 * @internal
 */
export function registerConsoleActions(options: {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  releases: ReleaseService;
  canaries: CanaryService;
}) {
  createGetReleasesAction(options);
  createListCanariesAction(options);
  createGetCanaryAction(options);
}
