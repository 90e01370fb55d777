import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ApplicationModel,
  EntityScope,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@paasport/kubernetes-node';

/**
 * What one decommission covers: the entity and, for a System, every entity
 * that is part of it; and where their objects may be on the clusters.
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
  /**
   * The application model's answer for the root: each Component's owner
   * team's verified namespace per cluster, and why anything is not looked
   * at. The only source of where cluster objects are looked for.
   */
  clusters: EntityScope;
}

/**
 * Reads the scope of a decommission from the catalog and the application
 * model, as the requesting user.
 *
 * @internal
 */
export class DecommissionScopeResolver {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      model: Pick<ApplicationModel, 'scopeOf'>;
    },
  ) {}

  async resolve(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<DecommissionScope> {
    const { catalog } = this.options;
    const root = await catalog.getEntityByRef(ref, { credentials });
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
        clusters: await this.clustersOf(root, rootRef, credentials),
      };
    }
    if (kind !== 'system') {
      throw new InputError(
        `Only Components and Systems can be decommissioned, not ${root.kind}`,
      );
    }
    // Components, APIs and Resources with spec.system: the application.
    const { items } = await catalog.getEntities(
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
      clusters: await this.clustersOf(root, rootRef, credentials),
    };
  }

  /**
   * The model refuses a Component without workload annotations (it has
   * nothing on the clusters); such a Component is still decommissioned,
   * from the marketplace, its repository and the catalog.
   */
  private async clustersOf(
    root: Entity,
    rootRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityScope> {
    if (root.kind.toLowerCase() === 'component' && !hasWorkloads(root)) {
      return { entityRef: rootRef, entity: root, components: [], problems: [] };
    }
    return this.options.model.scopeOf(rootRef, credentials);
  }
}

/** Whether the model looks for the entity's objects on the clusters at all. */
function hasWorkloads(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_ID]?.trim(),
  );
}
