import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { paasportServiceCreatePermission } from '../permissions';

/**
 * Decides whether the user who started a task may create a service for a team
 * in an application.
 *
 * @public
 */
export class ServiceAuthorizer {
  constructor(
    private readonly deps: {
      auth: AuthService;
      permissions: PermissionsService;
      userInfo: UserInfoService;
    },
  ) {}

  /**
   * Throws a {@link NotAllowedError} unless the user may create services
   * (admins: anywhere; others: in Systems they own, for teams they belong to).
   */
  async assertMayCreate(options: {
    credentials: BackstageCredentials;
    team: string;
    system: string;
  }): Promise<void> {
    const { credentials, team, system } = options;
    const { auth, permissions, userInfo } = this.deps;
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
    if (auth.isPrincipal(credentials, 'user')) {
      const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
      const claims = ownershipEntityRefs.map(ref => ref.toLowerCase());
      if (claims.includes(team.toLowerCase())) return;
      throw new NotAllowedError(
        `You are not a member of ${team}: services can only be created for your own teams`,
      );
    }
    throw new NotAllowedError('Only users can create services');
  }
}
