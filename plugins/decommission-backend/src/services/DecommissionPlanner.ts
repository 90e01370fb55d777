import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  DecommissionItem,
  DecommissionPlan,
} from '@paasport/plugin-decommission-common';
import { createHash } from 'node:crypto';
import { CatalogEntities } from './catalog/CatalogEntities';
import { KubernetesPlanner } from './kubernetes/KubernetesPlanner';
import { MarketplaceMiddleware } from './middleware/MarketplaceMiddleware';
import { SourceRepositories } from './repository/SourceRepositories';
import { ActingPerson } from './scope/ActingPerson';
import {
  DecommissionScope,
  DecommissionScopeResolver,
} from './scope/DecommissionScope';

/** @internal */
export interface PlannedDecommission {
  scope: DecommissionScope;
  plan: DecommissionPlan;
}

/**
 * Works out everything a decommission would remove, in removal order, and
 * what stops it.
 *
 * @internal
 */
export class DecommissionPlanner {
  constructor(
    private readonly options: {
      scopes: DecommissionScopeResolver;
      kubernetes: KubernetesPlanner;
      middleware: MarketplaceMiddleware;
      repositories: SourceRepositories;
      entities: CatalogEntities;
    },
  ) {}

  /** Reads the scope from the catalog and the application model, as the user. */
  resolveScope(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<DecommissionScope> {
    return this.options.scopes.resolve(ref, credentials);
  }

  /**
   * The plan for `scope`; cluster objects are listed as `acting.person`,
   * only in the namespaces the person may act in.
   */
  async planScope(
    scope: DecommissionScope,
    credentials: BackstageCredentials,
    acting: ActingPerson,
  ): Promise<PlannedDecommission> {
    const { options } = this;
    const [kubernetes, middleware, repositories, catalog] = await Promise.all([
      options.kubernetes.plan(scope, acting),
      options.middleware.plan(scope, credentials),
      options.repositories.plan(scope, credentials),
      options.entities.plan(scope),
    ]);
    const items = [
      ...kubernetes.items,
      ...middleware,
      ...repositories,
      ...catalog.items,
    ];
    return {
      scope,
      plan: {
        entityRef: scope.rootRef,
        kind: scope.kind,
        confirmationText: scope.root.metadata.name,
        entityRefs: scope.entities.map(e => stringifyEntityRef(e)),
        items,
        blockers: [...kubernetes.blockers, ...catalog.blockers],
        fingerprint: fingerprint(items),
        generatedAt: new Date().toISOString(),
      },
    };
  }
}

/**
 * A hash of what would be done: the run is refused when it differs from the
 * preview the user confirmed.
 *
 * @internal
 */
export function fingerprint(items: DecommissionItem[]): string {
  const canonical = items.map(({ key, action, target }) => [
    key,
    action,
    target,
  ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
