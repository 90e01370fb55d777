import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  isTrustedEntity,
  TrustedOrigins,
  UNTRUSTED_ALLOWED_KINDS,
} from '@paasport/kubernetes-node';

const vouchedKinds = new Set(
  UNTRUSTED_ALLOWED_KINDS.map(kind => kind.toLocaleLowerCase('en-US')),
);

/**
 * Whether an entity is in the catalog only on its registrant's word: it
 * comes from an untrusted origin (a location someone registered) and is of
 * a kind such a location may bring. Other kinds from such a location are
 * rejected by the trust rule already, and its own Location has no owner.
 *
 * @public
 */
export function needsRegistrant(
  entity: Entity,
  trusted: TrustedOrigins,
): boolean {
  return (
    !isTrustedEntity(entity, trusted) &&
    vouchedKinds.has(entity.kind.toLocaleLowerCase('en-US'))
  );
}

/**
 * Why an entity of a registered location without a recorded registrant is
 * rejected.
 *
 * @public
 */
export function unregisteredProblem(entity: Entity): string {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  return (
    `${entity.kind} ${stringifyEntityRef(entity)} is rejected: it comes from ` +
    `${origin ?? 'an unknown origin'}, which is not a trusted catalog ` +
    'location, and Paasport has no record of who registered it: it was ' +
    'registered before Paasport recorded registrations, or not by a ' +
    'signed-in person through the catalog API (POST /api/catalog/locations). ' +
    'Re-register it: unregister the location and register it again.'
  );
}

/**
 * What the owner check needs to know about the registrant and the owner.
 *
 * @public
 */
export interface RegisteredOwnerFacts {
  /** The team `spec.owner` names, as the application model resolves it. */
  ownerTeam?: string;
  registrant: {
    userEntityRef: string;
    /** Trusted Groups, lower-case refs. */
    groups: ReadonlySet<string>;
    admin: boolean;
  };
  /** The registrant's teams (for the message). */
  registrantTeams: string[];
}

/**
 * Why an entity of a registered location may not be in the catalog, or
 * undefined when it may: its `spec.owner` must be a team (a trusted Group
 * that names its namespaces) that the registrant belongs to; an admin may
 * register entities of any team.
 *
 * @public
 */
export function registeredOwnerProblem(
  entity: Entity,
  facts: RegisteredOwnerFacts,
): string | undefined {
  const { ownerTeam, registrant } = facts;
  if (
    ownerTeam &&
    (registrant.admin ||
      registrant.groups.has(ownerTeam.toLocaleLowerCase('en-US')))
  ) {
    return undefined;
  }
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  const owner = ownerOf(entity);
  const teams = facts.registrantTeams.length
    ? `their teams: ${facts.registrantTeams.join(', ')}`
    : 'they belong to no team';
  const why = ownerTeam
    ? `is not a team of ${registrant.userEntityRef}, who registered ${origin}`
    : 'is not a team Paasport knows (a Group from an admin-controlled ' +
      'catalog location that names its namespaces); ' +
      `${registrant.userEntityRef} registered ${origin}`;
  return (
    `${entity.kind} ${stringifyEntityRef(entity)} is rejected: its owner ` +
    `${owner} ${why} (${teams}). A registered location may only bring ` +
    'entities owned by a team its registrant belongs to.'
  );
}

/** `spec.owner` as a full ref, or as written when it is not a valid one. */
function ownerOf(entity: Entity): string {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return `'${String(owner)}'`;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return `'${owner}'`;
  }
}
