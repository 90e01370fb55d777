import { NotAllowedError } from '@backstage/errors';
import {
  ApplicationModel,
  ComponentScope,
  Person,
} from '@paasport/kubernetes-node';
import { RunScope } from './RunScope';

/**
 * The person a decommission acts for, within the scope the application
 * model gave it: the portal's own check of the tenancy boundary before
 * anything is sent to a cluster (which checks it again, as the person).
 *
 * @internal
 */
export class ActingPerson {
  constructor(
    readonly person: Person,
    private readonly model: Pick<ApplicationModel, 'assertMayAct'>,
    private readonly scope: RunScope,
  ) {}

  /**
   * Throws a NotAllowedError naming the team and namespace unless the
   * person may act in every namespace the scope's Components hold.
   */
  assertMayActEverywhere(): void {
    for (const component of this.scope.components) {
      for (const [cluster, namespace] of Object.entries(component.namespaces)) {
        this.model.assertMayAct(this.person, component, cluster, namespace);
      }
    }
  }

  /**
   * Throws a NotAllowedError unless the person may act in `namespace` of
   * `cluster` for `entityRef`: that Component when it is one of the
   * scope's, else (an object of the whole System) any Component of the
   * scope that holds the namespace there.
   */
  assertMayActIn(cluster: string, namespace: string, entityRef?: string) {
    const own = this.scope.components.find(c => c.entityRef === entityRef);
    const candidates: ComponentScope[] = own
      ? [own]
      : this.scope.components.filter(c => c.namespaces[cluster] === namespace);
    if (candidates.length === 0) {
      throw new NotAllowedError(
        `Namespace ${namespace} on ${cluster} belongs to no team of ${this.scope.entityRef}`,
      );
    }
    let refusal: unknown;
    for (const component of candidates) {
      try {
        this.model.assertMayAct(this.person, component, cluster, namespace);
        return;
      } catch (error) {
        refusal ??= error;
      }
    }
    throw refusal;
  }
}
