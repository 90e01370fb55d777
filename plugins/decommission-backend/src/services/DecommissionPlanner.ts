import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseTeamNamespaces,
  teamNamespaceOn,
  TeamNamespaces,
} from '@paasport/kubernetes-node';
import {
  DecommissionItem,
  DecommissionPlan,
} from '@paasport/plugin-decommission-common';
import { createHash } from 'node:crypto';
import { CatalogEntities } from './catalog/CatalogEntities';
import { KubernetesPlanner } from './kubernetes/KubernetesPlanner';
import { MarketplaceMiddleware } from './middleware/MarketplaceMiddleware';
import { SourceRepositories } from './repository/SourceRepositories';
import { DecommissionScope, EntityScope } from './scope/EntityScope';

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
      catalog: CatalogService;
      scope: EntityScope;
      kubernetes: KubernetesPlanner;
      middleware: MarketplaceMiddleware;
      repositories: SourceRepositories;
      entities: CatalogEntities;
    },
  ) {}

  /** Reads the scope from the catalog, as the user. */
  resolveScope(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<DecommissionScope> {
    return this.options.scope.resolve(ref, credentials);
  }

  async plan(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<PlannedDecommission> {
    return this.planScope(
      await this.resolveScope(ref, credentials),
      credentials,
    );
  }

  async planScope(
    scope: DecommissionScope,
    credentials: BackstageCredentials,
  ): Promise<PlannedDecommission> {
    const { options } = this;
    const teams = await this.teamNamespaces(scope, credentials);
    const [kubernetes, middleware, repositories, catalog] = await Promise.all([
      options.kubernetes.plan(scope, (componentRef, cluster) => {
        const team = teams.get(componentRef);
        return team && teamNamespaceOn(team, cluster);
      }),
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

  /** The namespace mapping of each Component's owning team. */
  private async teamNamespaces(
    scope: DecommissionScope,
    credentials: BackstageCredentials,
  ): Promise<Map<string, TeamNamespaces>> {
    const ownerOf = new Map<string, string>();
    for (const component of scope.components) {
      const owner = component.spec?.owner;
      if (typeof owner !== 'string') continue;
      try {
        ownerOf.set(
          stringifyEntityRef(component),
          stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group' })),
        );
      } catch {
        // An invalid owner has no namespaces; the catalog reports it.
      }
    }
    const owners = [...new Set(ownerOf.values())];
    if (owners.length === 0) return new Map();
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: owners,
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const byOwner = new Map<string, TeamNamespaces>();
    items.forEach((group, i) => {
      if (group) {
        byOwner.set(
          owners[i],
          parseTeamNamespaces(group.metadata.annotations).namespaces,
        );
      }
    });
    const result = new Map<string, TeamNamespaces>();
    for (const [component, owner] of ownerOf) {
      const namespaces = byOwner.get(owner);
      if (namespaces) result.set(component, namespaces);
    }
    return result;
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
