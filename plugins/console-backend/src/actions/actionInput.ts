import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { entityPathSchema } from '@paasport/plugin-console-common';
import { parseInput } from '../router/validation';

/**
 * The zod the actions registry hands to schema callbacks (its zod/v3), taken
 * from the registry's own types so the schemas can never be built with
 * another copy than the one that parses them.
 *
 * @internal
 */
export type SchemaZod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/**
 * The person an action runs for. The HTTP routes allow only users
 * (`httpAuth.credentials(req, { allow: ['user'] })`); an action must not be
 * a way around that, so a service calling on its own behalf is refused.
 *
 * @internal
 */
export function requireUser(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
  action: string,
): BackstageCredentials<BackstageUserPrincipal> {
  if (!auth.isPrincipal(credentials, 'user')) {
    throw new NotAllowedError(
      `The ${action} action reads as a signed-in person: it accepts user credentials only, not a service's own`,
    );
  }
  return credentials;
}

/**
 * An entity ref of one of `kinds`, checked against the same rules as the
 * HTTP routes' `/entities/:kind/:namespace/:name` path. Messages never repeat
 * the value, as the routes' do not.
 *
 * @internal
 */
export function entityRefInput(
  value: string,
  kinds: string[],
): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value);
  } catch {
    throw new InputError(
      'Invalid entityRef: must be kind:namespace/name, e.g. component:default/shop-web',
    );
  }
  const entity = parseInput(entityPathSchema, ref, 'entityRef');
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (!kinds.includes(kind)) {
    throw new InputError(
      `Invalid entityRef: kind must be ${kinds.join(' or ')}`,
    );
  }
  return { kind, namespace: entity.namespace, name: entity.name };
}

/**
 * The `entityRef` input of an action about a Component or a System, read
 * with {@link entityRefInput}.
 *
 * @internal
 */
export function entityRefField(z: SchemaZod) {
  return z
    .string()
    .min(1)
    .max(255)
    .describe(
      'The Component or System, as kind:namespace/name, e.g. component:default/shop-web',
    );
}
