import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * What one decommission covers: the entity and, for a System, every entity
 * that is part of it.
 *
 * @internal
 */
export interface DecommissionScope {
  root: Entity;
  rootRef: string;
  kind: 'Component' | 'System';
  /** The root first, then its parts sorted by ref. */
  entities: Entity[];
  /** The Components among them: what runs on the clusters. */
  components: Entity[];
}

/**
 * Reads the scope of a decommission from the catalog, as the requesting user.
 *
 * @internal
 */
export class EntityScope {
  constructor(private readonly catalog: CatalogService) {}

  async resolve(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<DecommissionScope> {
    const root = await this.catalog.getEntityByRef(ref, { credentials });
    if (!root) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)}`);
    }
    const rootRef = stringifyEntityRef(root);
    const kind = root.kind.toLowerCase();
    if (kind === 'component') {
      return {
        root,
        rootRef,
        kind: 'Component',
        entities: [root],
        components: [root],
      };
    }
    if (kind !== 'system') {
      throw new InputError(
        `Only Components and Systems can be decommissioned, not ${root.kind}`,
      );
    }
    // Components, APIs and Resources with spec.system: the application.
    const { items } = await this.catalog.getEntities(
      { filter: { [`relations.${RELATION_PART_OF}`]: rootRef } },
      { credentials },
    );
    const parts = items
      .filter(e => stringifyEntityRef(e) !== rootRef)
      .sort((a, b) =>
        stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
      );
    return {
      root,
      rootRef,
      kind: 'System',
      entities: [root, ...parts],
      components: parts.filter(e => e.kind.toLowerCase() === 'component'),
    };
  }
}
