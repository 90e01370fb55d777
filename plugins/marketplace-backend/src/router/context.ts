import { audited as sharedAudited } from '@paasport/plugin-paasport-node';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';
import { z } from 'zod';
import { OfferingsService } from '../services/offerings/OfferingsService';
import { ProviderRegistry } from '../services/processor/ProviderRegistry';
import { BindingService } from '../services/requests/BindingService';
import { ClusterTargets } from '../services/requests/ClusterTargets';
import { RequestService } from '../services/requests/RequestService';
import { TeamApprovers } from '../services/tenancy/TeamApprovers';
import { TeamBoundary } from '../services/tenancy/TeamBoundary';

/** Everything the route handlers use. */
export interface RouterOptions {
  requests: RequestService;
  bindings: BindingService;
  offerings: OfferingsService;
  providers: ProviderRegistry;
  clusters: ClusterTargets;
  /** Where a team's middleware goes and who may act for the team. */
  boundary: TeamBoundary;
  approvers: TeamApprovers;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

/** Parses request input with zod, turning failures into a 400. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'input'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/** The signed-in user's credentials; services and anonymous callers are refused. */
export function userCredentials(options: RouterOptions, req: Request) {
  return options.httpAuth.credentials(req, { allow: ['user'] });
}

export type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/** Throws NotAllowedError unless the permission is granted on the application. */
export async function requirePermission(
  options: RouterOptions,
  credentials: BackstageCredentials,
  permission: ResourcePermission | BasicPermission,
  resourceRef?: string,
): Promise<void> {
  const [decision] = await options.permissions.authorize(
    [
      resourceRef
        ? { permission: permission as ResourcePermission, resourceRef }
        : { permission: permission as BasicPermission },
    ],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${permission.name}${
        resourceRef ? ` on ${resourceRef}` : ''
      }`,
    );
  }
}

/**
 * Runs a mutation inside an audit event of the request (see the shared
 * `audited`: a broken auditor is logged and never breaks the request).
 */
export function audited<T>(
  options: RouterOptions,
  req: Request,
  eventId: string,
  meta: JsonObject,
  work: () => Promise<T>,
  severityLevel: 'low' | 'medium' | 'high' = 'medium',
): Promise<T> {
  return sharedAudited(
    options,
    { eventId, severityLevel, request: req, meta: { ...meta } },
    () => work(),
  );
}
