import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * Normalises an entity ref given by a form (`storefront`,
 * `group:storefront`, `group:default/storefront`).
 *
 * @public
 */
export function normalizeRef(ref: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(`'${ref}' is not an entity reference`);
  }
}

/**
 * A cluster name from a form: either the name (`dev`) or the catalog Resource
 * that stands for the cluster (`resource:default/dev`, from an entity picker).
 *
 * @public
 */
export function clusterName(value: string): string {
  if (!value.includes(':')) return value;
  try {
    const ref = parseEntityRef(value);
    if (ref.kind.toLocaleLowerCase('en-US') === 'resource') return ref.name;
  } catch {
    // not an entity ref: reported as an unknown cluster
  }
  return value;
}

/**
 * Throws an {@link InputError} unless every name is a configured cluster.
 *
 * @public
 */
export function assertKnownClusters(known: string[], names: string[]): void {
  if (names.length === 0) {
    throw new InputError('Choose at least one cluster');
  }
  const unknown = names.filter(n => !known.includes(n));
  if (unknown.length) {
    throw new InputError(
      `Unknown cluster${unknown.length > 1 ? 's' : ''} ${unknown
        .map(n => `'${n}'`)
        .join(', ')}; known clusters: ${known.join(', ') || 'none'}`,
    );
  }
}

/**
 * The user who started a task, from its initiator's credentials: the person
 * every write of the task is made as.
 *
 * @public
 */
export function initiatorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  throw new NotAllowedError(
    'Only signed-in users can create services: this task has no user who started it',
  );
}
