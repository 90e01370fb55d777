import {
  ApplicationModel,
  kubernetesErrorStatus,
} from '@paasport/kubernetes-node';
import {
  ProviderBindingRef,
  ProviderError,
  ProviderInstanceRef,
} from '@paasport/plugin-marketplace-node';
import { invalid } from '../kube/errors';
import { servedKind, servedRef } from '../kube/kinds';
import {
  bindingResourceName,
  FIELD_MANAGER,
  instanceResourceName,
} from '../kube/names';
import { Location } from '../kube/types';
import { namespaceGone } from './objects';
import {
  BindingScope,
  CommonOptions,
  InstanceScope,
  OperatorDriver,
} from './OperatorDriver';

/**
 * How the provider acts as a person: the application model's `person` and
 * `objectsFor`.
 *
 * @public
 */
export type PersonObjects = Pick<ApplicationModel, 'person' | 'objectsFor'>;

/**
 * Builds what a driver works with for one call: the object layer on the
 * instance's cluster acting as the person the call is made for (never the
 * portal), the kinds as that cluster serves them, and the derived names.
 */
export class PersonScopes<O extends CommonOptions> {
  constructor(
    private readonly driver: OperatorDriver<O>,
    private readonly people: PersonObjects,
  ) {}

  /** The instance on its cluster, as the person the call is made for. */
  async instance(
    ref: ProviderInstanceRef,
    options: O,
    location: Location,
  ): Promise<InstanceScope<O>> {
    const objects = await this.objectsFor(location.cluster, ref.actingFor);
    return {
      objects,
      kind: type => servedKind(objects.cluster, type),
      ref: (type, name) =>
        servedRef(objects.cluster, type, location.namespace, name),
      location,
      instanceId: ref.instanceId,
      name: instanceResourceName(this.driver.namePrefix, ref.instanceId),
      options,
    };
  }

  async binding(
    binding: ProviderBindingRef,
    options: O,
    location: Location,
  ): Promise<BindingScope<O>> {
    const scope = await this.instance(binding.instance, options, location);
    return {
      ...scope,
      bindingId: binding.bindingId,
      bindingName: bindingResourceName(scope.name, binding.bindingId),
    };
  }

  /**
   * Whether the instance's namespace was deleted (with everything in it):
   * the person may no longer even look there, so without this a teardown
   * after a decommission would be refused for ever.
   */
  async namespaceIsGone(scope: InstanceScope<O>): Promise<boolean> {
    try {
      const found = await scope.objects.get({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: scope.location.namespace,
      });
      return !found;
    } catch (error) {
      if (kubernetesErrorStatus(error) !== 403) throw error;
      return namespaceGone(scope.objects.cluster, scope.location.namespace);
    }
  }

  private async objectsFor(cluster: string, actingFor: string) {
    if (!actingFor) {
      // Never fall back to the portal's own identity for a person's work.
      throw invalid('The call names nobody to act for');
    }
    let person;
    try {
      person = await this.people.person(actingFor);
    } catch (error) {
      throw new ProviderError(
        `Cannot tell who ${actingFor} is: ${(error as Error).message}`,
        { retryable: true, cause: error },
      );
    }
    try {
      return this.people.objectsFor(cluster, person, FIELD_MANAGER);
    } catch (error) {
      throw invalid(`No cluster '${cluster}' is configured: ${error}`);
    }
  }
}
