import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KubernetesIdentities,
  KubernetesIdentity,
  platformIdentity,
} from '../impersonation';
import { KubernetesClusters } from '../KubernetesClusters';
import { KubernetesObjects } from '../objects/KubernetesObjects';
import {
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './keys';
import { LabelPredicate, parseLabelSelector } from './labelSelector';
import { NamespaceLabels } from './NamespaceLabels';
import { Team, TeamDirectory } from './TeamDirectory';
import { TrustedOrigins } from './trust/trust';
import { teamNamespacesOn, TeamNamespacesOnClusters } from './teamNamespacesOn';

/**
 * Where one Component's workloads may be: its selector, and per cluster the
 * one namespace of its owner team there (verified against the cluster).
 *
 * @public
 */
export interface ComponentScope {
  entityRef: string;
  /** The owner team's ref, when the owner is a team. */
  team?: string;
  /** Whether a workload's labels make it this Component's. */
  matches: LabelPredicate;
  /** Cluster name → namespace. A cluster that is missing shows nothing. */
  namespaces: Record<string, string>;
}

/**
 * An entity as the clusters see it: its Components' scopes, and why any
 * part of it shows nothing.
 *
 * @public
 */
export interface EntityScope {
  entityRef: string;
  entity: Entity;
  /**
   * The entity itself, for a System its Components (`relations.partOf`),
   * for a team Group the Components it owns (`relations.ownedBy`).
   */
  components: ComponentScope[];
  /** Sentences saying what is not shown and why; empty when all is well. */
  problems: string[];
}

/**
 * A signed-in person in the tenancy model.
 *
 * @public
 */
export interface Person {
  userEntityRef: string;
  /** Trusted Groups the person belongs to (teams and role groups). */
  groups: Set<string>;
  admin: boolean;
  /** Who the clusters see when Paasport acts for the person. */
  identity: KubernetesIdentity;
}

/**
 * Paasport's application model, the one answer to "which team owns this,
 * which namespaces may its workloads be in, which components make this
 * System, who is this person" for every plugin.
 *
 * @remarks
 * Scope never comes from what an entity says alone: a Component's workloads
 * are only looked for in the namespace its owner team holds on each
 * cluster, where the team comes from an admin-controlled Group and the
 * namespace carries the team's `paasport.io/team` label. Annotations that
 * point elsewhere make the entity show nothing, with a problem saying why.
 *
 * @public
 */
export class ApplicationModel {
  private readonly teams: TeamDirectory;
  private readonly labels: NamespaceLabels;
  private readonly adminGroups: Set<string>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      clusters: KubernetesClusters;
      trust: TrustedOrigins;
      identities: KubernetesIdentities;
      /**
       * Who makes the platform's own objects; default `platformIdentity()`.
       */
      platform?: KubernetesIdentity;
      adminGroups: string[];
    },
  ) {
    this.teams = new TeamDirectory(options);
    this.labels = new NamespaceLabels(options.clusters);
    this.adminGroups = new Set(
      options.adminGroups.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  /** The team Groups, from trusted sources only. */
  listTeams(): Promise<Team[]> {
    return this.teams.teams();
  }

  /** The team a Group ref names, if it is one (a trusted team Group). */
  team(groupRef: string): Promise<Team | undefined> {
    return this.teams.team(groupRef);
  }

  /** The team that owns an entity (its `spec.owner`), if that is a team. */
  async teamOf(entity: Entity): Promise<Team | undefined> {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string') return undefined;
    try {
      const ref = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      return await this.teams.team(stringifyEntityRef(ref));
    } catch {
      return undefined;
    }
  }

  /**
   * The namespace a team holds on each cluster, verified against the
   * clusters' labels and against every other team's claims.
   */
  async namespacesOf(team: Team): Promise<TeamNamespacesOnClusters> {
    return teamNamespacesOn(team, {
      teams: await this.teams.teams(),
      clusters: this.options.clusters.list().map(c => c.name),
      labels: cluster => this.labels.of(cluster),
    });
  }

  /**
   * Reads an entity as the person asking (so they must be able to see it)
   * and works out where its workloads may be.
   */
  async scopeOf(
    ref: CompoundEntityRef | string,
    credentials: BackstageCredentials,
  ): Promise<EntityScope> {
    const { catalog } = this.options;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    const name = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
    if (!entity) throw new NotFoundError(`No entity ${name}`);
    const entityRef = stringifyEntityRef(entity);
    const problems: string[] = [];
    let entities: Entity[];
    if (hasWorkloadAnnotations(entity)) {
      entities = [entity];
    } else if (entity.kind.toLocaleLowerCase('en-US') === 'system') {
      entities = await this.componentsOf(entityRef, credentials);
    } else if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
      // Only a trusted team: a Group someone made up in a location they
      // registered owns nothing Paasport shows.
      if (!(await this.teams.team(entityRef))) {
        throw new NotFoundError(
          `${entityRef} is not a team Paasport knows (a Group from an admin-controlled catalog location)`,
        );
      }
      entities = await this.componentsOwnedBy(entityRef, credentials);
    } else {
      throw new NotFoundError(
        `${entityRef} has no ${KUBERNETES_ID} or ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation`,
      );
    }
    const components: ComponentScope[] = [];
    for (const component of entities.filter(hasWorkloadAnnotations)) {
      const scope = await this.componentScope(component);
      components.push(scope.scope);
      problems.push(...scope.problems);
    }
    components.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    return { entityRef, entity, components, problems };
  }

  /** The Components of a System: those whose `relations.partOf` names it. */
  async componentsOf(
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Component', 'relations.partOf': systemRef } },
      { credentials },
    );
    return items;
  }

  /**
   * The Components a team owns (`relations.ownedBy`). Each one's scope is
   * still worked out from its own owner, so a Component can never reach
   * past the namespaces of the team that owns it.
   */
  async componentsOwnedBy(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Component', 'relations.ownedBy': groupRef } },
      { credentials },
    );
    return items;
  }

  /**
   * The trusted teams a person is a member of (role groups such as the
   * admins are not teams and are left out).
   */
  async teamsOf(userEntityRef: string): Promise<Team[]> {
    const groups = await this.teams.groupsOf(userEntityRef);
    const teams = await this.teams.teams();
    return teams.filter(team => groups.has(team.ref));
  }

  /** A signed-in person: their trusted groups and Kubernetes identity. */
  async person(userEntityRef: string): Promise<Person> {
    const groups = await this.teams.groupsOf(userEntityRef);
    return {
      userEntityRef,
      groups,
      admin: [...groups].some(group => this.adminGroups.has(group)),
      identity: this.options.identities.person(userEntityRef, groups),
    };
  }

  /**
   * Refuses, naming the team and namespace, unless the person may act on
   * this Component's workloads in `namespace` of `cluster`: they belong to
   * its owner team (or are an admin), and the namespace is the team's there.
   */
  assertMayAct(
    person: Person,
    component: ComponentScope,
    cluster: string,
    namespace: string,
  ): void {
    const held = component.namespaces[cluster];
    if (held !== namespace) {
      const where = held ? `: its team's namespace there is ${held}` : '';
      throw new NotAllowedError(
        `${component.entityRef} has no workloads in namespace ${namespace} on ${cluster}${where}`,
      );
    }
    if (person.admin) return;
    if (!component.team || !person.groups.has(component.team)) {
      throw new NotAllowedError(
        `${person.userEntityRef} is not a member of ${
          component.team ?? 'the owner team'
        }, which owns namespace ${namespace} on ${cluster}`,
      );
    }
  }

  /**
   * The object layer on `cluster` for the platform's own objects in team
   * namespaces (Namespace, quota, limit range, the team's and the pipeline's
   * RoleBindings): never for what a person asked to be made.
   */
  platformObjects(cluster: string, fieldManager: string): KubernetesObjects {
    const found = this.options.clusters.get(cluster);
    if (!found) throw new NotFoundError(`No cluster ${cluster}`);
    return new KubernetesObjects(found, {
      as: this.options.platform ?? platformIdentity(),
      fieldManager,
    });
  }

  /** The object layer on `cluster`, acting as `person`. */
  objectsFor(
    cluster: string,
    person: Person,
    fieldManager: string,
  ): KubernetesObjects {
    const found = this.options.clusters.get(cluster);
    if (!found) throw new NotFoundError(`No cluster ${cluster}`);
    return new KubernetesObjects(found, { as: person.identity, fieldManager });
  }

  private async componentScope(
    entity: Entity,
  ): Promise<{ scope: ComponentScope; problems: string[] }> {
    const entityRef = stringifyEntityRef(entity);
    const matches = selectorOf(entity, entityRef);
    const team = await this.teamOf(entity);
    if (!team) {
      return {
        scope: { entityRef, matches, namespaces: {} },
        problems: [
          `${entityRef}: its owner '${String(
            entity.spec?.owner,
          )}' is not a team ` +
            'Paasport knows (a Group from an admin-controlled catalog location ' +
            'that names its namespaces), so nothing from the clusters is shown',
        ],
      };
    }
    const held = await this.namespacesOf(team);
    const problems = held.problems.map(p => `${entityRef}: ${p}`);
    const asked =
      entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION];
    const namespaces: Record<string, string> = {};
    for (const [cluster, namespace] of Object.entries(held.namespaces)) {
      if (asked && asked !== namespace) {
        problems.push(
          `${entityRef}: ${KUBERNETES_NAMESPACE_ANNOTATION} '${asked}' is outside ` +
            `${team.ref}'s namespace ${namespace} on ${cluster}, so nothing is shown there`,
        );
        continue;
      }
      namespaces[cluster] = namespace;
    }
    return {
      scope: { entityRef, team: team.ref, matches, namespaces },
      problems,
    };
  }
}

function hasWorkloadAnnotations(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] ||
      annotations[KUBERNETES_ID],
  );
}

function selectorOf(entity: Entity, entityRef: string): LabelPredicate {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  if (selector) {
    try {
      return parseLabelSelector(selector);
    } catch (error) {
      throw new InputError(
        `${entityRef} has an invalid ${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: ${
          (error as Error).message
        }`,
      );
    }
  }
  const id = annotations[KUBERNETES_ID];
  return labels => labels?.[KUBERNETES_ID] === id;
}
