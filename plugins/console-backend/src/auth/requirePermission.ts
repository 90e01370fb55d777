import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission policy about one request and refuses, naming the
 * permission and the entity, unless it allows it.
 *
 * @internal
 */
export async function requirePermission(
  permissions: PermissionsService,
  request: AuthorizePermissionRequest,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    const on = request.resourceRef ? ` on ${request.resourceRef}` : '';
    throw new NotAllowedError(`Not allowed: ${request.permission.name}${on}`);
  }
}
