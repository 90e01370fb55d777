import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  NAMESPACE_ANNOTATION,
  Person,
  Team,
} from '@paasport/kubernetes-node';
import { ApplicationEntities } from './ApplicationEntities';
import {
  Application,
  BindingPlacement,
  MarketplaceModel,
  RequestPlacement,
} from './types';

/**
 * The tenancy boundary of the marketplace: which team owns an application,
 * which namespace its middleware and credentials go to on each cluster, and
 * whether a person may act for that team. Everything comes from the
 * application model, never from what a request or an entity's annotations
 * say alone.
 *
 * @remarks
 * A namespace is one the owner team holds and Paasport verified on the
 * cluster (see `ApplicationModel.namespacesOf`); the person must belong to
 * the team (or be an admin), by trusted membership, not by the token's
 * claims. A Component that runs workloads must run them in that same
 * namespace: a Component annotated with another team's namespace has no
 * namespace in its scope there, so its request is refused with the
 * model's explanation. Refusals are NotAllowedErrors naming team and
 * namespace, thrown before anything is recorded or provisioned; the
 * cluster refuses again (the processor impersonates the person).
 */
export class TeamBoundary {
  constructor(
    private readonly model: MarketplaceModel,
    private readonly entities: ApplicationEntities,
  ) {}

  /** The application a request names and its owner team. */
  async application(
    target: { system?: string; component?: string },
    credentials: BackstageCredentials,
  ): Promise<Application> {
    const { system, component } = await this.entities.application(
      target,
      credentials,
    );
    const team = await this.model.teamOf(system);
    if (!team) {
      throw new InputError(
        `The owner of ${stringifyEntityRef(
          system,
        )} must be a team Paasport knows: ` +
          `a Group from an admin-controlled catalog location with the ${NAMESPACE_ANNOTATION} annotation`,
      );
    }
    return { system: stringifyEntityRef(system), team, component };
  }

  /**
   * Places a new instance (on `cluster`, if it has one) and the binding
   * asked for with it; refuses unless `user` may act for the team there.
   */
  async placeRequest(
    app: Application,
    user: string,
    credentials: BackstageCredentials,
    where: {
      cluster?: string;
      binding?: { cluster?: string; component?: string };
    },
  ): Promise<RequestPlacement> {
    const person = await this.model.person(user);
    const held = await this.model.namespacesOf(app.team);
    const instanceNamespace = this.namespaceFor(
      person,
      app,
      held,
      // Without a cluster of its own, an instance is listed under the
      // namespace its first binding goes to.
      where.cluster ?? where.binding?.cluster,
    );
    if (where.cluster && app.component) {
      await this.requireRunsIn(
        app,
        app.component,
        where.cluster,
        held,
        credentials,
      );
    }
    let binding: BindingPlacement | undefined;
    if (where.binding) {
      const component = where.binding.component
        ? await this.entities.componentOf(
            where.binding.component,
            app.system,
            credentials,
          )
        : app.component;
      const { cluster } = where.binding;
      const namespace = this.namespaceFor(person, app, held, cluster);
      if (cluster && component) {
        await this.requireRunsIn(app, component, cluster, held, credentials);
      }
      binding = {
        ...(cluster && { cluster }),
        namespace,
        ...(component && { component: stringifyEntityRef(component) }),
      };
    }
    return {
      system: app.system,
      team: app.team.ref,
      ...(where.cluster && { cluster: where.cluster }),
      namespace: instanceNamespace,
      ...(app.component && { component: stringifyEntityRef(app.component) }),
      ...(binding && { binding }),
    };
  }

  /**
   * Places a binding of an existing instance: into the namespace its team
   * holds on `cluster` now (a team moved to another namespace binds there).
   */
  async placeBinding(
    request: {
      system_ref: string;
      team_ref: string;
      component_ref: string | null;
    },
    spec: { cluster?: string; component?: string },
    user: string,
    credentials: BackstageCredentials,
  ): Promise<BindingPlacement> {
    const team = await this.team(request.team_ref, request.system_ref);
    const app = { system: request.system_ref, team };
    const component = spec.component
      ? await this.entities.componentOf(
          spec.component,
          request.system_ref,
          credentials,
        )
      : await this.entities.find(request.component_ref, credentials);
    const person = await this.model.person(user);
    const held = await this.model.namespacesOf(team);
    const namespace = this.namespaceFor(person, app, held, spec.cluster);
    if (spec.cluster && component) {
      await this.requireRunsIn(app, component, spec.cluster, held, credentials);
    }
    const componentRef = component
      ? stringifyEntityRef(component)
      : request.component_ref ?? undefined;
    return {
      ...(spec.cluster && { cluster: spec.cluster }),
      namespace,
      ...(componentRef && { component: componentRef }),
    };
  }

  /**
   * Refuses unless `user` belongs to the team owning an instance (or is an
   * admin): deprovisioning, unbinding and revealing are done as them.
   */
  async assertMayManage(
    request: {
      name: string;
      team_ref: string;
      namespace: string;
      cluster: string | null;
    },
    user: string,
  ): Promise<void> {
    const person = await this.model.person(user);
    const team = request.team_ref.toLocaleLowerCase('en-US');
    if (person.admin || person.groups.has(team)) return;
    throw new NotAllowedError(
      `${user} is not a member of ${team}, which owns instance ${request.name} ` +
        `in namespace ${request.namespace}${
          request.cluster ? ` on ${request.cluster}` : ''
        }`,
    );
  }

  /** The trusted Groups `user` belongs to (for "my team's requests"). */
  async groupsOf(user: string): Promise<string[]> {
    return [...(await this.model.person(user)).groups];
  }

  /**
   * The namespace of the team on `cluster`, refusing unless it is verified
   * and the person may act there. Without a cluster (none configured), the
   * namespace the team's Group declares for every cluster: nothing goes to
   * Kubernetes then, it only labels the instance.
   */
  private namespaceFor(
    person: Person,
    app: { system: string; team: Team },
    held: { namespaces: Record<string, string>; problems: string[] },
    cluster: string | undefined,
  ): string {
    const { team } = app;
    if (!cluster) {
      if (!person.admin && !person.groups.has(team.ref)) {
        throw new NotAllowedError(
          `${person.userEntityRef} is not a member of ${team.ref}, which owns ${app.system}`,
        );
      }
      const declared = team.namespaces.default;
      if (!declared) {
        throw new InputError(
          `${team.ref} has no namespace for every cluster (${NAMESPACE_ANNOTATION}); choose a cluster`,
        );
      }
      return declared;
    }
    const namespace = held.namespaces[cluster];
    if (!namespace) {
      const why = held.problems.filter(p => p.includes(` on ${cluster}`));
      const reason = why.length ? why.join('; ') : 'its Group names none there';
      throw new NotAllowedError(
        `${team.ref} holds no verified namespace on cluster ${cluster}, so nothing of ${app.system} goes there: ${reason}`,
      );
    }
    this.model.assertMayAct(
      person,
      {
        entityRef: app.system,
        team: team.ref,
        matches: () => false,
        namespaces: held.namespaces,
      },
      cluster,
      namespace,
    );
    return namespace;
  }

  /**
   * A Component that runs workloads must run them in the team's namespace
   * on the cluster (its scope in the model says where); one without
   * workload annotations only has to be part of the application.
   */
  private async requireRunsIn(
    app: { system: string; team: Team },
    component: Entity,
    cluster: string,
    held: { namespaces: Record<string, string> },
    credentials: BackstageCredentials,
  ) {
    const annotations = component.metadata.annotations ?? {};
    if (
      !annotations[KUBERNETES_ID] &&
      !annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]
    ) {
      return;
    }
    const ref = stringifyEntityRef(component);
    const { components, problems } = await this.model.scopeOf(ref, credentials);
    const scope = components.find(c => c.entityRef === ref);
    const namespace = held.namespaces[cluster];
    if (scope?.namespaces[cluster] !== namespace) {
      const why = problems.length ? `: ${problems.join('; ')}` : '';
      throw new NotAllowedError(
        `${ref} does not run in ${app.team.ref}'s namespace ${namespace} on ${cluster}, so credentials for it do not go there${why}`,
      );
    }
  }

  private async team(ref: string, system: string): Promise<Team> {
    const team = await this.model.team(ref);
    if (!team) {
      throw new NotAllowedError(
        `${ref}, which owns ${system}'s instances, is no longer a team Paasport knows`,
      );
    }
    return team;
  }
}
