import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import path from 'node:path';

/**
 * The kinds an entity from an untrusted origin may have: what a team
 * describes about its own software. Groups, Users, Templates, Domains and
 * nested Locations shape sign-in, permissions or what runs, so only
 * admin-controlled sources may define them.
 *
 * @public
 */
export const UNTRUSTED_ALLOWED_KINDS: readonly string[] = [
  'Component',
  'API',
  'Resource',
  'System',
];

const allowedKinds = new Set(
  UNTRUSTED_ALLOWED_KINDS.map(kind => kind.toLocaleLowerCase('en-US')),
);

/**
 * Origin location refs (`<type>:<target>`, as in
 * `backstage.io/managed-by-origin-location`) whose entities may be of any
 * kind.
 *
 * @public
 */
export interface TrustedOrigins {
  /** Refs trusted as they are. */
  readonly exact: ReadonlySet<string>;
  /** Ref prefixes: every origin starting with one is trusted. */
  readonly prefixes: readonly string[];
}

/**
 * The sources of {@link TrustedOrigins}.
 *
 * @public
 */
export interface TrustedOriginsSources {
  /** The app-config `catalog.locations`, as written there. */
  configLocations: ReadonlyArray<{ type: string; target: string }>;
  /**
   * `paasport.catalog.trustedLocations`: refs, or prefixes when they end in
   * `:` or `*` (the `*` is not part of the prefix).
   */
  trustedLocations: readonly string[];
  /**
   * Location types of entity providers that are trusted as a whole
   * (`paasport-discovery`).
   */
  providerTypes: readonly string[];
  /** Resolves a config `file` target; default `path.resolve` (the cwd). */
  resolveFile?: (target: string) => string;
}

/**
 * Builds the trusted origins. Config `file` targets are resolved exactly as
 * the catalog's `ConfigLocationEntityProvider` does (`path.resolve`, against
 * the backend's working directory), since its origin annotation is what we
 * compare with; `url` and other targets are kept as given.
 *
 * @public
 */
export function trustedOrigins(sources: TrustedOriginsSources): TrustedOrigins {
  const resolveFile = sources.resolveFile ?? path.resolve;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const { type, target } of sources.configLocations) {
    exact.add(`${type}:${type === 'file' ? resolveFile(target) : target}`);
  }
  for (const entry of sources.trustedLocations) {
    if (entry.endsWith('*')) prefixes.push(entry.slice(0, -1));
    else if (entry.endsWith(':')) prefixes.push(entry);
    else exact.add(entry);
  }
  for (const type of sources.providerTypes) prefixes.push(`${type}:`);
  return { exact, prefixes };
}

/**
 * Whether entities originating at `originRef` may be of any kind.
 *
 * @remarks
 * A prefix only vouches for `url` and `file` origins in canonical form: a
 * registered `url:https://git.example.com/platform/../attacker/x.yaml` starts
 * with `url:https://git.example.com/platform/` but is read from the
 * attacker's repository once a reader resolves the dot segments.
 *
 * @public
 */
export function isTrustedOrigin(
  originRef: string,
  trusted: TrustedOrigins,
): boolean {
  if (trusted.exact.has(originRef)) return true;
  if (!trusted.prefixes.some(prefix => originRef.startsWith(prefix))) {
    return false;
  }
  const separator = originRef.indexOf(':');
  const type = originRef.slice(0, separator);
  const target = originRef.slice(separator + 1);
  if (type === 'url') return isCanonicalUrl(target);
  if (type === 'file') return isCanonicalPath(target);
  return true;
}

function isCanonicalUrl(target: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  // The WHATWG parser resolves `..`, `%2e%2e` and backslashes; a target it
  // rewrites is not the one the prefix was compared with. Encoded slashes,
  // backslashes and percent signs could still be decoded by a URL reader.
  return url.href === target && !/%(2e|2f|5c|25)/i.test(url.pathname);
}

function isCanonicalPath(target: string): boolean {
  return path.isAbsolute(target) && path.normalize(target) === target;
}

/**
 * Whether an entity came from an admin-controlled location: only such
 * Groups and Users define teams and membership.
 *
 * @public
 */
export function isTrustedEntity(
  entity: Entity,
  trusted: TrustedOrigins,
): boolean {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  return origin !== undefined && isTrustedOrigin(origin, trusted);
}

/**
 * Whether `entity` is the Location entity of the registration itself: the
 * catalog makes it from the registered `<type>:<target>`, so its own
 * location is its origin and its one target is the origin's target. Any
 * other Location of an untrusted origin would pull in content from elsewhere.
 *
 * @public
 */
export function isRegistrationRoot(entity: Entity, originRef: string): boolean {
  if (entity.kind.toLocaleLowerCase('en-US') !== 'location') return false;
  if (entity.metadata.annotations?.[ANNOTATION_LOCATION] !== originRef) {
    return false;
  }
  let origin: { type: string; target: string };
  try {
    origin = parseLocationRef(originRef);
  } catch {
    return false;
  }
  const spec = (entity.spec ?? {}) as {
    type?: unknown;
    target?: unknown;
    targets?: unknown;
  };
  const targets = [
    ...(spec.target === undefined ? [] : [spec.target]),
    ...(Array.isArray(spec.targets) ? spec.targets : []),
  ];
  return (
    (spec.type === undefined || spec.type === origin.type) &&
    targets.length === 1 &&
    targets[0] === origin.target
  );
}

/**
 * Why `entity` must not enter the catalog given where it came from, or
 * undefined when it may.
 *
 * @remarks
 * Entities of a trusted origin may be of any kind. Entities of any other
 * origin (typically a location someone registered) may only be
 * {@link UNTRUSTED_ALLOWED_KINDS}, plus the registration's own Location
 * ({@link isRegistrationRoot}). An entity without an origin is untrusted.
 *
 * @public
 */
export function untrustedOriginProblem(
  entity: Entity,
  trusted: TrustedOrigins,
): string | undefined {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  if (origin !== undefined && isTrustedOrigin(origin, trusted)) {
    return undefined;
  }
  if (allowedKinds.has(entity.kind.toLocaleLowerCase('en-US'))) {
    return undefined;
  }
  if (origin !== undefined && isRegistrationRoot(entity, origin)) {
    return undefined;
  }
  const what =
    entity.kind.toLocaleLowerCase('en-US') === 'location'
      ? 'another Location'
      : `a ${entity.kind}`;
  return (
    `${entity.kind} ${stringifyEntityRef(entity)} is rejected: it comes ` +
    `from ${origin ?? 'an unknown origin'}, which is not a trusted catalog ` +
    `location (catalog.locations or paasport.catalog.trustedLocations), and ` +
    `such a location may define only ${UNTRUSTED_ALLOWED_KINDS.join(', ')} ` +
    `entities and its own Location, not ${what}.`
  );
}
