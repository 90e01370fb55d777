import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NAMESPACE_ANNOTATION,
  NAMESPACES_ANNOTATION,
  parseTeamNamespaces,
  TeamNamespaces,
  teamNamespaceOn,
} from '@paasport/kubernetes-node';
import { MARKETPLACE_APPROVERS_ANNOTATION } from '@paasport/plugin-marketplace-common';

/** Who owns an application, and where its credentials may go. */
export interface Ownership {
  system: string;
  team: string;
  /** The team's namespaces, from its Group's annotations. */
  namespaces: TeamNamespaces;
  /** The Component the request names, if it named one. */
  component?: string;
}

function parseRef(ref: string, defaultKind: string, defaultNamespace: string) {
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace });
  } catch {
    throw new InputError(`'${ref}' is not an entity reference`);
  }
}

function sameRef(a: CompoundEntityRef | Entity, b: CompoundEntityRef | Entity) {
  return stringifyEntityRef(a) === stringifyEntityRef(b);
}

/**
 * The team's namespace on `cluster` (or on every cluster when none is
 * given); a clear 400 when the team's Group maps none.
 */
export function namespaceOn(
  owner: Pick<Ownership, 'team' | 'namespaces'>,
  cluster?: string,
): string {
  const namespace = cluster
    ? teamNamespaceOn(owner.namespaces, cluster)
    : owner.namespaces.default;
  if (!namespace) {
    throw new InputError(
      cluster
        ? `${owner.team} has no namespace on cluster '${cluster}': set ${NAMESPACE_ANNOTATION} or ${NAMESPACES_ANNOTATION} on the Group`
        : `${owner.team} has no namespace for every cluster (${NAMESPACE_ANNOTATION}); choose a cluster`,
    );
  }
  return namespace;
}

/**
 * Reads ownership from the catalog: the System's owner must be a team Group
 * whose `paasport.io/namespace` / `paasport.io/namespaces` annotations map
 * it to namespaces (parsed as the catalog module validates them).
 */
export class EntityResolver {
  constructor(private readonly catalog: CatalogService) {}

  /** The application (and Component) a request names, with its team. */
  async ownershipOf(
    target: { system?: string; component?: string },
    credentials: BackstageCredentials,
  ): Promise<Ownership> {
    let systemRef = target.system
      ? parseRef(target.system, 'system', 'default')
      : undefined;
    let component: Entity | undefined;
    if (target.component) {
      component = await this.component(target.component, credentials);
      const own = this.systemOfComponent(component);
      if (systemRef && !sameRef(systemRef, own)) {
        throw new InputError(
          `${stringifyEntityRef(component)} belongs to ${stringifyEntityRef(
            own,
          )}, not ${stringifyEntityRef(systemRef)}`,
        );
      }
      systemRef = own;
    }
    if (!systemRef || systemRef.kind.toLowerCase() !== 'system') {
      throw new InputError(
        'Middleware belongs to an application: pass a System entity ref',
      );
    }
    const system = await this.catalog.getEntityByRef(systemRef, {
      credentials,
    });
    if (!system)
      throw new InputError(
        `No application ${stringifyEntityRef(systemRef)} in the catalog`,
      );
    const team = await this.team(String(system.spec?.owner ?? ''), credentials);
    const { namespaces, problems } = parseTeamNamespaces(
      team?.metadata.annotations,
    );
    if (
      !team ||
      (!namespaces.default && Object.keys(namespaces.byCluster).length === 0)
    ) {
      throw new InputError(
        `The owner of ${stringifyEntityRef(
          system,
        )} must be a team Group with the ${NAMESPACE_ANNOTATION} annotation${
          problems.length ? ` (${problems.join('; ')})` : ''
        }`,
      );
    }
    return {
      system: stringifyEntityRef(system),
      team: stringifyEntityRef(team),
      namespaces,
      ...(component ? { component: stringifyEntityRef(component) } : {}),
    };
  }

  /** The team's current namespaces (bindings read them when they are made). */
  async namespacesOf(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<TeamNamespaces> {
    const team = await this.team(teamRef, credentials);
    return parseTeamNamespaces(team?.metadata.annotations).namespaces;
  }

  /** A Component of the application `systemRef`, as a full entity ref. */
  async componentOf(
    componentRef: string,
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const component = await this.component(componentRef, credentials);
    const system = parseEntityRef(systemRef);
    if (!sameRef(this.systemOfComponent(component), system)) {
      throw new InputError(
        `${stringifyEntityRef(component)} is not part of ${systemRef}`,
      );
    }
    return stringifyEntityRef(component);
  }

  /** Users the team named as approvers on its Group entity. */
  async approversOf(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const team = await this.team(teamRef, credentials);
    return approversIn(team);
  }

  /** Approvers of many teams in one catalog call. */
  async approversOfTeams(
    teamRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    if (teamRefs.length === 0) return new Map();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: teamRefs, fields: ['kind', 'metadata'] },
      { credentials },
    );
    return new Map(
      teamRefs.map((ref, i) => [ref, approversIn(items[i] ?? undefined)]),
    );
  }

  private async component(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const parsed = parseRef(ref, 'component', 'default');
    if (parsed.kind.toLowerCase() !== 'component') {
      throw new InputError(`'${ref}' is not a Component`);
    }
    const component = await this.catalog.getEntityByRef(parsed, {
      credentials,
    });
    if (!component) {
      throw new InputError(
        `No component ${stringifyEntityRef(parsed)} in the catalog`,
      );
    }
    return component;
  }

  private systemOfComponent(component: Entity): CompoundEntityRef {
    const system = component.spec?.system;
    if (typeof system !== 'string' || !system) {
      throw new InputError(
        `${stringifyEntityRef(
          component,
        )} belongs to no application (spec.system)`,
      );
    }
    return parseRef(
      system,
      'system',
      component.metadata.namespace ?? 'default',
    );
  }

  private async team(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    if (!ref) return undefined;
    let parsed;
    try {
      parsed = parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch {
      return undefined;
    }
    if (parsed.kind.toLowerCase() !== 'group') return undefined;
    return this.catalog.getEntityByRef(parsed, { credentials });
  }
}

function approversIn(team: Entity | undefined): string[] {
  const raw =
    team?.metadata.annotations?.[MARKETPLACE_APPROVERS_ANNOTATION] ?? '';
  return raw
    .split(',')
    .map(s => s.trim().toLowerCase())
    .filter(Boolean);
}
