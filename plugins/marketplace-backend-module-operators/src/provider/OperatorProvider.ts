import {
  MiddlewareProvider,
  ProviderBindingRef,
  ProviderBindResult,
  ProviderError,
  ProviderInstanceRef,
  ProviderResult,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { invalid, toProviderError } from '../kube/errors';
import { encodeLocation } from '../kube/location';
import {
  ANNOTATIONS,
  bindingLabels,
  instanceLabels,
  isDnsLabel,
  LABELS,
  selector,
} from '../kube/names';
import { KubeObject } from '../kube/types';
import { InstanceLocator } from './InstanceLocator';
import { PersonObjects, PersonScopes } from './PersonScopes';
import { CommonOptions, InstanceScope, OperatorDriver } from './OperatorDriver';
import {
  createAll,
  POLL_MS,
  requireLabelValue,
  requireNamespace,
  toResult,
  withOrphanRisk,
} from './objects';
import { existing, remainingLabelled, teardownStep } from './teardown';

/**
 * A {@link MiddlewareProvider} that provisions through a Kubernetes operator:
 * it creates the operator's custom resources in the team's namespace on the
 * chosen cluster and maps the operator's status to the marketplace's
 * lifecycle. What is operator-specific lives in an {@link OperatorDriver}.
 *
 * @remarks
 * Every call acts as the person it is made for (`actingFor` of the
 * reference: who asked to provision, bind, unbind, deprovision or reveal),
 * through the one object layer with Kubernetes impersonation: the cluster's
 * RBAC decides (a team may manage these resources and read Secrets in its
 * own namespace only) and its audit log names the person. The portal's own
 * identity only searches for instances whose location was not recorded.
 *
 * Every call is idempotent for the same ids: names derive from the ids,
 * creation never overwrites (an existing object must carry this instance's
 * label), deletes carry the uid of what was listed, and teardown is
 * observed, not assumed.
 *
 * @public
 */
export class OperatorProvider<O extends CommonOptions>
  implements MiddlewareProvider
{
  readonly id: string;
  /** Instances run on a cluster: the marketplace makes requests choose one. */
  readonly needsCluster = true;

  private readonly scopes: PersonScopes<O>;

  constructor(
    private readonly driver: OperatorDriver<O>,
    private readonly locator: InstanceLocator,
    people: PersonObjects,
  ) {
    this.id = driver.id;
    this.scopes = new PersonScopes(driver, people);
  }

  async provision(input: ProvisionInput): Promise<ProviderResult> {
    const options = this.driver.parseOptions(input.providerOptions);
    requireLabelValue(input.instanceId, 'instance');
    const cluster = this.locator.chooseCluster(
      options.cluster,
      input.context.cluster,
    );
    const { namespace } = input.context;
    if (!isDnsLabel(namespace)) {
      throw invalid(`'${namespace}' is not a namespace name`);
    }
    const scope = await this.scopes.instance(input, options, {
      cluster,
      namespace,
    });
    await requireNamespace(scope.objects, namespace);
    this.locator.remember(input.instanceId, scope.location);
    try {
      const desired = await this.driver.instanceObjects(scope, input);
      await createAll(
        scope.objects,
        namespace,
        desired,
        instanceLabels(input.instanceId),
        {
          [ANNOTATIONS.team]: input.context.team,
          [ANNOTATIONS.system]: input.context.system,
          [ANNOTATIONS.requestedBy]: input.context.requestedBy,
          [ANNOTATIONS.offering]: input.offeringId,
          [ANNOTATIONS.plan]: input.planId,
        },
      );
      return await this.instanceResult(scope);
    } catch (error) {
      throw withOrphanRisk(toProviderError(error));
    }
  }

  async getStatus(
    ref: ProviderInstanceRef,
    action: 'provision' | 'deprovision',
  ): Promise<ProviderResult> {
    if (action === 'deprovision') return this.deprovision(ref);
    const options = this.driver.parseOptions(ref.providerOptions);
    return this.kube(async () => {
      const location = await this.locate(ref, options);
      if (!location) {
        return {
          phase: 'failed',
          message: `No ${
            this.driver.primaryType(options).kind
          } of this instance exists any more`,
        };
      }
      return this.instanceResult(
        await this.scopes.instance(ref, options, location),
      );
    });
  }

  async deprovision(ref: ProviderInstanceRef): Promise<ProviderResult> {
    const options = this.driver.parseOptions(ref.providerOptions);
    return this.kube(async () => {
      const location = await this.locate(ref, options);
      if (!location) return { phase: 'gone', message: 'Nothing to delete' };
      const scope = await this.scopes.instance(ref, options, location);
      if (await this.scopes.namespaceIsGone(scope)) {
        return { phase: 'gone', message: 'The namespace is gone' };
      }
      const step = await teardownStep(
        scope.objects,
        location.namespace,
        this.driver.teardownOrder(options),
        selector({ [LABELS.instance]: ref.instanceId }),
        this.driver.operatorObjects(scope),
      );
      return step.done
        ? { phase: 'gone', message: step.message }
        : {
            phase: 'in_progress',
            operation: encodeLocation(location),
            retryAfterMs: POLL_MS,
            message: step.message,
          };
    });
  }

  async verifyGone(ref: ProviderInstanceRef): Promise<boolean> {
    const options = this.driver.parseOptions(ref.providerOptions);
    const types = this.driver.teardownOrder(options).flat();
    return this.kube(async () => {
      // Independent of the teardown's bookkeeping: every cluster it could be on.
      const found = await this.locator.search(
        ref.instanceId,
        options.cluster ?? ref.cluster,
        types,
      );
      if (found) return false;
      const location = this.locator.recall(ref);
      if (location) {
        // Secrets are not searched for above (the portal cannot read them):
        // they are looked for where the instance was, as the person.
        const scope = await this.scopes.instance(ref, options, location);
        const left = (await this.scopes.namespaceIsGone(scope))
          ? []
          : [
              ...(await remainingLabelled(
                scope.objects,
                location.namespace,
                types.filter(t => t.group === ''),
                selector({ [LABELS.instance]: ref.instanceId }),
              )),
              ...(await existing(
                scope.objects,
                location.namespace,
                this.driver.operatorObjects(scope),
              )),
            ];
        if (left.length > 0) return false;
      }
      this.locator.forget(ref.instanceId);
      return true;
    });
  }

  async bind(binding: ProviderBindingRef): Promise<ProviderBindResult> {
    const options = this.driver.parseOptions(binding.instance.providerOptions);
    requireLabelValue(binding.bindingId, 'binding');
    const location = await this.kube(() =>
      this.locate(binding.instance, options),
    );
    if (!location) {
      return { phase: 'failed', message: 'The instance does not exist' };
    }
    const scope = await this.scopes.binding(binding, options, location);
    try {
      await createAll(
        scope.objects,
        location.namespace,
        await this.driver.bindingObjects(scope),
        bindingLabels(binding.instance.instanceId, binding.bindingId),
        binding.requestedBy
          ? { [ANNOTATIONS.requestedBy]: binding.requestedBy }
          : {},
      );
    } catch (error) {
      throw withOrphanRisk(toProviderError(error));
    }
    return this.kube(async () => {
      const readiness = await this.driver.bindingReadiness(scope);
      if (readiness.state !== 'ready') return toResult(readiness, location);
      return {
        phase: 'ready',
        message: readiness.message,
        credentials: await this.driver.credentials(scope),
      };
    });
  }

  async unbind(binding: ProviderBindingRef): Promise<ProviderResult> {
    const options = this.driver.parseOptions(binding.instance.providerOptions);
    return this.kube(async () => {
      const location = await this.locate(binding.instance, options);
      if (!location) return { phase: 'gone', message: 'The instance is gone' };
      const scope = await this.scopes.binding(binding, options, location);
      if (await this.scopes.namespaceIsGone(scope)) {
        return { phase: 'gone', message: 'The namespace is gone' };
      }
      const step = await teardownStep(
        scope.objects,
        location.namespace,
        [this.driver.bindingTypes(options)],
        selector({ [LABELS.binding]: binding.bindingId }),
        this.driver.bindingOperatorObjects(scope),
      );
      return step.done
        ? { phase: 'gone', message: 'Credentials revoked' }
        : {
            phase: 'in_progress',
            retryAfterMs: POLL_MS,
            message: step.message,
          };
    });
  }

  async fetchCredentials(
    binding: ProviderBindingRef,
  ): Promise<Record<string, string | number>> {
    const options = this.driver.parseOptions(binding.instance.providerOptions);
    return this.kube(async () => {
      const location = await this.locate(binding.instance, options);
      if (!location) {
        throw new ProviderError('The instance does not exist', {
          retryable: false,
        });
      }
      return this.driver.credentials(
        await this.scopes.binding(binding, options, location),
      );
    });
  }

  /** Runs cluster work, in the marketplace's error model. */
  private async kube<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toProviderError(error);
    }
  }

  private locate(ref: ProviderInstanceRef, options: O) {
    const primary = this.driver.primaryType(options);
    return this.locator.locate(ref, options.cluster, [
      primary,
      ...this.driver
        .teardownOrder(options)
        .flat()
        .filter(type => type !== primary),
    ]);
  }

  private async instanceResult(scope: InstanceScope<O>) {
    const type = this.driver.primaryType(scope.options);
    const primary = await scope.objects.get<KubeObject>(
      await scope.ref(type, scope.name),
    );
    if (!primary) {
      return toResult(
        { state: 'failed', message: `${type.kind} ${scope.name} is gone` },
        scope.location,
      );
    }
    if (primary.metadata.deletionTimestamp) {
      return toResult(
        {
          state: 'failed',
          message: `${type.kind} ${scope.name} is being deleted`,
        },
        scope.location,
      );
    }
    return toResult(await this.driver.instanceReadiness(scope), scope.location);
  }
}
