import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DecommissionItem,
  DecommissionTarget,
} from '@paasport/plugin-decommission-common';
import { DecommissionScope } from '../scope/DecommissionScope';

/** Origin of the entities the Paasport catalog module discovers. */
const DISCOVERY_LOCATION_PREFIX = 'paasport-discovery:';
const ORPHAN_ANNOTATION = 'backstage.io/orphan';

type LocationTarget = Extract<DecommissionTarget, { type: 'location' }>;
type EntityTarget = Extract<DecommissionTarget, { type: 'entity' }>;

/** @internal */
export interface CatalogPlan {
  items: DecommissionItem[];
  blockers: string[];
}

/**
 * Removes the entities in scope from the catalog so that nothing adds them
 * again: a registered location is unregistered (when everything in it goes);
 * discovered and orphaned entities are deleted (their workloads are gone by
 * then, so discovery has nothing to re-add). An entity declared where the
 * portal cannot unregister it blocks the decommission.
 *
 * @remarks
 * Reads and writes with the plugin's own credentials: the user's right to
 * decommission was checked with `decommission.entity.execute`, and
 * unregistering a location is an admin permission in the catalog.
 *
 * @internal
 */
export class CatalogEntities {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      /** How long entities may take to disappear after unregistering. */
      goneWaitMs: number;
      pollMs?: number;
    },
  ) {}

  async plan(scope: DecommissionScope): Promise<CatalogPlan> {
    const { catalog } = this.options;
    const credentials = await this.credentials();
    const inScope = new Set(scope.entities.map(e => stringifyEntityRef(e)));
    const deletions: DecommissionItem[] = [];
    const byOrigin = new Map<string, Entity[]>();
    for (const entity of scope.entities) {
      const annotations = entity.metadata.annotations ?? {};
      const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
      if (
        !origin ||
        origin.startsWith(DISCOVERY_LOCATION_PREFIX) ||
        annotations[ORPHAN_ANNOTATION] === 'true'
      ) {
        deletions.push(entityItem(entity, origin));
      } else {
        byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), entity]);
      }
    }

    const items: DecommissionItem[] = [];
    const blockers: string[] = [];
    for (const [origin, entities] of byOrigin) {
      const refs = entities.map(e => stringifyEntityRef(e));
      const location = await catalog.getLocationByRef(origin, { credentials });
      if (!location) {
        const them = refs.length > 1 ? 'them' : 'it';
        blockers.push(
          `${refs.join(', ')}${ownedBy(entities)} ${
            refs.length > 1 ? 'come' : 'comes'
          } from ${describeOrigin(
            origin,
          )}, which platform admins maintain (app-config catalog.locations or another provider); decommission removes only what was registered through the portal: ask them to remove ${them} there first`,
        );
        continue;
      }
      const { items: declared } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: origin,
          },
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      const declaredRefs = declared
        .filter(e => e.kind.toLowerCase() !== 'location')
        .map(e => stringifyEntityRef(e))
        .sort();
      const others = declaredRefs.filter(ref => !inScope.has(ref));
      if (others.length > 0) {
        blockers.push(
          `${describeOrigin(origin)} also declares ${others.join(
            ', ',
          )}: unregistering it would remove them too; remove ${refs.join(
            ', ',
          )} from that file instead`,
        );
        continue;
      }
      items.push({
        key: `catalog:location:${location.id}`,
        step: 'catalog',
        action: 'unregister',
        title: `Location ${describeOrigin(origin)} (${declaredRefs.join(
          ', ',
        )})`,
        entityRef: refs[0],
        target: {
          type: 'location',
          locationId: location.id,
          locationRef: origin,
          entityRefs: declaredRefs,
        },
      });
    }
    // Parts before the System, so that the System is the last thing to go.
    const rootLast = (item: DecommissionItem) =>
      item.entityRef === scope.rootRef ? 1 : 0;
    deletions.sort(
      (a, b) => rootLast(a) - rootLast(b) || a.key.localeCompare(b.key),
    );
    return { items: [...items, ...deletions], blockers };
  }

  /** Unregisters a location and waits until its entities are gone. */
  async unregister(target: LocationTarget): Promise<string> {
    const { catalog } = this.options;
    const credentials = await this.credentials();
    const location = await catalog.getLocationById(target.locationId, {
      credentials,
    });
    let outcome = 'unregistered';
    if (location) {
      await catalog.removeLocationById(target.locationId, { credentials });
    } else {
      outcome = 'already unregistered';
    }
    await this.waitUntilGone(target.entityRefs, credentials);
    return outcome;
  }

  /** Deletes one entity, unless something re-created it meanwhile. */
  async delete(target: EntityTarget): Promise<string> {
    const { catalog } = this.options;
    const credentials = await this.credentials();
    const entity = await catalog.getEntityByRef(target.entityRef, {
      credentials,
    });
    if (!entity) return 'already gone';
    if (entity.metadata.uid !== target.uid) {
      throw new Error(
        `${target.entityRef} was added again since the preview (are its workloads back?); it was not deleted`,
      );
    }
    await catalog.removeEntityByUid(target.uid, { credentials });
    await this.waitUntilGone([target.entityRef], credentials);
    return 'deleted';
  }

  private async waitUntilGone(
    refs: string[],
    credentials: BackstageCredentials,
  ) {
    const deadline = Date.now() + this.options.goneWaitMs;
    for (;;) {
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      const left = items.filter(Boolean).map(e => stringifyEntityRef(e!));
      if (left.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Still in the catalog after ${Math.round(
            this.options.goneWaitMs / 1000,
          )} s: ${left.join(', ')}`,
        );
      }
      await new Promise(r => setTimeout(r, this.options.pollMs ?? 500));
    }
  }

  private credentials() {
    return this.options.auth.getOwnServiceCredentials();
  }
}

/**
 * Where entities come from, in words for the people of a team: a URL as it
 * is, never a path on the portal's server.
 */
function describeOrigin(origin: string): string {
  if (origin.startsWith('file:')) {
    return "a catalog file of the portal's own configuration";
  }
  return origin.replace(/^url:/, '');
}

/** ` (owned by <team>)` when the entities name one owner. */
function ownedBy(entities: Entity[]): string {
  const owners = [
    ...new Set(
      entities
        .map(e => e.spec?.owner)
        .filter((o): o is string => typeof o === 'string'),
    ),
  ];
  return owners.length === 1 ? ` (owned by ${owners[0]})` : '';
}

function entityItem(
  entity: Entity,
  origin: string | undefined,
): DecommissionItem {
  const ref = stringifyEntityRef(entity);
  const why = origin?.startsWith(DISCOVERY_LOCATION_PREFIX)
    ? 'discovered from the clusters'
    : 'declared nowhere any more';
  return {
    key: `catalog:entity:${ref}`,
    step: 'catalog',
    action: 'delete',
    title: `Entity ${ref} (${why})`,
    entityRef: ref,
    target: { type: 'entity', entityRef: ref, uid: entity.metadata.uid ?? '' },
  };
}
