import { JsonObject } from '@backstage/types';
import { ProvisionInput } from '@paasport/plugin-marketplace-node';
import {
  KubernetesKind,
  KubernetesObjectRef,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { DesiredObject, Location, ResourceType } from '../kube/types';
import { Readiness } from '../status/readiness';

/**
 * Options every operator plan understands, besides its own.
 *
 * @public
 */
export interface CommonOptions {
  /**
   * The cluster instances of the plan run on. Without it the cluster the
   * request chose (and the marketplace placed in the team's namespace) is
   * used; with it, a request for another cluster is refused.
   */
  cluster?: string;
}

/**
 * An instance as a driver sees it.
 *
 * @public
 */
export interface InstanceScope<O> {
  /**
   * The object layer on the instance's cluster, acting as the person the
   * call is made for: every read and write goes through it, so the
   * cluster's RBAC decides (a team's role covers its own namespace).
   */
  objects: KubernetesObjects;
  /** A type in the version the cluster serves. */
  kind(type: ResourceType): Promise<KubernetesKind>;
  /** An object of the instance's namespace, in the version the cluster serves. */
  ref(type: ResourceType, name: string): Promise<KubernetesObjectRef>;
  location: Location;
  instanceId: string;
  /** Name of the instance's main resource, derived from the instance id. */
  name: string;
  options: O;
}

/**
 * A binding as a driver sees it.
 *
 * @public
 */
export interface BindingScope<O> extends InstanceScope<O> {
  bindingId: string;
  /** Name of the binding's resources, derived from the binding id. */
  bindingName: string;
}

/**
 * An object the operator creates, which must be gone after teardown.
 *
 * @public
 */
export interface OperatorObjectRef {
  type: ResourceType;
  name: string;
}

/**
 * What differs between operators: the custom resources to create, how to read
 * their status, and where the credentials are. Everything else (locating
 * instances, idempotent creation, ordered teardown, verification) is shared
 * by `OperatorProvider`.
 *
 * @public
 */
export interface OperatorDriver<O extends CommonOptions> {
  /** The provider id plans use, e.g. `operator:strimzi`. */
  readonly id: string;
  /** Prefix of resource names, e.g. `kafka`. */
  readonly namePrefix: string;

  /** Validates the plan's `providerOptions`; throws a non-retryable ProviderError. */
  parseOptions(raw: JsonObject): O;

  /** The type whose object marks where an instance lives. */
  primaryType(options: O): ResourceType;

  /**
   * Types of everything the provider creates for an instance and its
   * bindings, in the order they are torn down: each group is deleted and
   * gone before the next one is touched (topics before their Kafka, users
   * before their database server), because operators need the parent to
   * finalize the children.
   */
  teardownOrder(options: O): ResourceType[][];

  /** Types the provider creates per binding. */
  bindingTypes(options: O): ResourceType[];

  /** Objects of a new instance, in creation order. */
  instanceObjects(
    scope: InstanceScope<O>,
    input: ProvisionInput,
  ): Promise<DesiredObject[]> | DesiredObject[];

  /** The instance's readiness, from the operator's status conventions. */
  instanceReadiness(scope: InstanceScope<O>): Promise<Readiness>;

  /** Objects the operator makes for an instance (Services, workloads). */
  operatorObjects(scope: InstanceScope<O>): OperatorObjectRef[];

  /** Objects of a new binding, in creation order. */
  bindingObjects(
    scope: BindingScope<O>,
  ): Promise<DesiredObject[]> | DesiredObject[];

  /** The binding's readiness. */
  bindingReadiness(scope: BindingScope<O>): Promise<Readiness>;

  /** Objects the operator makes for a binding (e.g. the KafkaUser's Secret). */
  bindingOperatorObjects(scope: BindingScope<O>): OperatorObjectRef[];

  /** The credentials of a ready binding, with the conventional keys. */
  credentials(scope: BindingScope<O>): Promise<Record<string, string | number>>;
}
