import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { paasportServiceCreatePermission } from '../permissions';

/**
 * Decides whether the user who started a task may add a service to an
 * application (System), through the permission framework.
 *
 * @remarks
 * Team membership is not decided here: the policy sees the token's claims,
 * which a Group from an untrusted location could once extend. The actions
 * check membership against the application model
 * (`TeamPlacements.assertMember`), and the clusters check it again, since
 * every write of a template is made as the person.
 *
 * @public
 */
export class ServiceAuthorizer {
  constructor(private readonly deps: { permissions: PermissionsService }) {}

  /**
   * Throws a {@link @backstage/errors#NotAllowedError} unless the user may
   * create services in `system` (admins: anywhere; others: in Systems they
   * own).
   */
  async assertMayCreate(options: {
    credentials: BackstageCredentials;
    system: string;
  }): Promise<void> {
    const { credentials, system } = options;
    const { permissions } = this.deps;
    const permission = paasportServiceCreatePermission;
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return;
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You may not create services (permission ${permission.name})`,
      );
    }
    const [onSystem] = await permissions.authorize(
      [{ permission, resourceRef: system }],
      { credentials },
    );
    if (onSystem.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not add services to ${system}: only its owners and portal admins may`,
      );
    }
  }
}
