import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import path from 'node:path';

/**
 * Which catalog sources the platform controls: the locations in app-config
 * `catalog.locations`, and `paasport.catalog.trustedLocations` (org
 * providers; an entry ending in `:` or `*` is a prefix).
 *
 * @remarks
 * Anyone may register a location, so an entity is only believed about teams,
 * membership and namespaces when its origin location is one of these. A
 * `file` target is resolved against the backend's working directory, as the
 * catalog does for config locations.
 *
 * @public
 */
export class TrustedOrigins {
  static fromConfig(config: Config): TrustedOrigins {
    const exact: string[] = [];
    for (const location of config.getOptionalConfigArray('catalog.locations') ??
      []) {
      const type = location.getString('type');
      const target = location.getString('target');
      exact.push(
        type === 'file' ? `file:${path.resolve(target)}` : `${type}:${target}`,
      );
    }
    const configured =
      config.getOptionalStringArray('paasport.catalog.trustedLocations') ?? [];
    return new TrustedOrigins([...exact, ...configured]);
  }

  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];

  constructor(locations: string[]) {
    for (const location of locations) {
      if (location.endsWith('*')) this.prefixes.push(location.slice(0, -1));
      else if (location.endsWith(':')) this.prefixes.push(location);
      else this.exact.add(location);
    }
  }

  /** Whether a location ref (`type:target`) is admin-controlled. */
  isTrustedLocation(locationRef: string | undefined): boolean {
    if (!locationRef) return false;
    return (
      this.exact.has(locationRef) ||
      this.prefixes.some(prefix => locationRef.startsWith(prefix))
    );
  }

  /** Whether an entity came from an admin-controlled location. */
  isTrusted(entity: Entity): boolean {
    return this.isTrustedLocation(
      entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION],
    );
  }
}
