import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import {
  TrustedOrigins,
  untrustedOriginProblem,
} from '@paasport/kubernetes-node';
import { watchTrustedOrigins } from './watchTrustedOrigins';

/**
 * Keeps entities of kinds that shape identity, permissions or what runs
 * (Group, User, Template, Domain, nested Location, ...) out of the catalog
 * unless they come from an admin-controlled location.
 *
 * @remarks
 * Anyone may register a location, and a registered file could otherwise
 * declare a Group with its author as a member, which the next sign-in would
 * carry. The decision is {@link untrustedOriginProblem}.
 *
 * It throws from `preProcessEntity`: the catalog then stops processing the
 * entity, records the error in its refresh state (and the error handlers and
 * events), and never stitches a new entity, so it is not served. Throwing
 * rather than emitting an error also stops a rejected Location before its
 * targets are read. The low priority number runs it before the
 * PlaceholderProcessor, so a rejected entity's `$text`/`$json` placeholders
 * are never fetched.
 *
 * @public
 */
export class LocationTrustProcessor implements CatalogProcessor {
  /**
   * A processor for the backend's config; follows config reloads, as the
   * catalog's own config locations do, and keeps the last valid trust if a
   * reload is invalid.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): LocationTrustProcessor {
    return new LocationTrustProcessor(watchTrustedOrigins(config, options));
  }

  constructor(private readonly trusted: () => TrustedOrigins) {}

  getProcessorName(): string {
    return 'LocationTrustProcessor';
  }

  getPriority(): number {
    return 0;
  }

  async preProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const problem = untrustedOriginProblem(entity, this.trusted());
    if (problem) {
      throw new InputError(problem);
    }
    return entity;
  }
}
