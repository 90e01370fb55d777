import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import { ApplicationModel, TrustedOrigins } from '@paasport/kubernetes-node';
import { DryRunRegistrants } from '../registrations/DryRunRegistrants';
import { LocationRegistrationStore } from '../registrations/types';
import {
  needsRegistrant,
  registeredOwnerProblem,
  unregisteredProblem,
} from './registeredOwner';

/**
 * Options of {@link RegisteredOwnerProcessor}.
 *
 * @public
 */
export interface RegisteredOwnerProcessorOptions {
  trusted: () => TrustedOrigins;
  registrations: Pick<LocationRegistrationStore, 'find'>;
  dryRuns: DryRunRegistrants;
  model: Pick<ApplicationModel, 'teamOf' | 'person' | 'listTeams'>;
}

/**
 * Keeps the Components, APIs, Resources and Systems of a location someone
 * registered out of the catalog unless they are owned by a team that person
 * belongs to (or the person is an admin).
 *
 * @remarks
 * The registrant is what Paasport recorded at the catalog's
 * `POST /locations` (see `createRegistrationRouter`), an unconfirmed record
 * included, since the catalog may process a new location before it answers
 * the request; during a dry run, the person asking. Teams and membership
 * come from the application model (trusted Groups only).
 *
 * It runs in `postProcessEntity`, so it checks the owner the entity is
 * stored with: after placeholders are resolved and the kind's schema has
 * made sure `spec.owner` is there. It throws, like
 * `LocationTrustProcessor`: a new entity is then never stitched, and
 * the error is in its processing status.
 *
 * @public
 */
export class RegisteredOwnerProcessor implements CatalogProcessor {
  constructor(private readonly options: RegisteredOwnerProcessorOptions) {}

  getProcessorName(): string {
    return 'RegisteredOwnerProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const { trusted, registrations, dryRuns, model } = this.options;
    if (!needsRegistrant(entity, trusted())) return entity;
    const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    const registrant =
      origin === undefined
        ? undefined
        : (await registrations.find(origin))?.userEntityRef ??
          dryRuns.registrantOf(origin);
    if (!registrant) throw new InputError(unregisteredProblem(entity));
    const [team, person, teams] = await Promise.all([
      model.teamOf(entity),
      model.person(registrant),
      model.listTeams(),
    ]);
    const problem = registeredOwnerProblem(entity, {
      ownerTeam: team?.ref,
      registrant: person,
      registrantTeams: teams
        .map(t => t.ref)
        .filter(ref => person.groups.has(ref))
        .sort(),
    });
    if (problem) throw new InputError(problem);
    return entity;
  }
}
