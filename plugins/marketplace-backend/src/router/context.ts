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

/**
 * The header with which a trusted Paasport plugin names the person it acts
 * for (`user:default/alice`).
 */
export const ACTING_FOR_HEADER = 'x-paasport-acting-for';

/**
 * Plugins that may act for a person when that person's sign-in is not at
 * hand: work done later on their behalf, on another replica (a decommission
 * run taken over after its replica died). They recorded the person and
 * checked their permission when the work was asked for; here the person is
 * still held to the trusted team model.
 */
const ACTING_PLUGINS = new Set(['plugin:decommission']);

const actingForSchema = z
  .string({ message: `${ACTING_FOR_HEADER}: name the person acted for` })
  .regex(
    /^user:[a-z0-9._-]+\/[a-z0-9._-]+$/i,
    `${ACTING_FOR_HEADER}: must be a User entity ref (user:<namespace>/<name>)`,
  )
  .transform(ref => ref.toLocaleLowerCase('en-US'));

/** Who a request acts for, and through which plugin if not signed in. */
export interface Caller {
  credentials: BackstageCredentials;
  userEntityRef: string;
  /** The plugin acting for the person (`plugin:decommission`), if any. */
  via?: string;
}

/**
 * The signed-in person, or the person a trusted plugin acts for (see
 * ACTING_PLUGINS). Any other service, and anonymous callers, are refused.
 */
export async function callerOf(
  options: RouterOptions,
  req: Request,
): Promise<Caller> {
  const credentials = await options.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const { principal } = credentials as BackstageCredentials<
    BackstageUserPrincipal | { type: 'service'; subject: string }
  >;
  if (principal.type === 'user') {
    return { credentials, userEntityRef: principal.userEntityRef };
  }
  if (!ACTING_PLUGINS.has(principal.subject)) {
    throw new NotAllowedError(
      `${principal.subject} may not act for a person on the marketplace`,
    );
  }
  const actingFor = parseInput(actingForSchema, req.header(ACTING_FOR_HEADER));
  return { credentials, userEntityRef: actingFor, via: principal.subject };
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
