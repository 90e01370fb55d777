import {
  MiddlewareProvider,
  ProviderBindingRef,
  ProviderBindResult,
  ProviderError,
  ProviderInstanceRef,
  ProviderResult,
  ProvisionInput,
} from '@paasport/plugin-marketplace-node';
import { OsbClient, OsbPlanIds } from './OsbClient';
import { OsbRequestError } from './errors';
import { mitigateOrphan } from './operations';
import { OsbCatalog } from './schemas';

/** How long the broker catalog is trusted before it is fetched again. */
const CATALOG_TTL_MS = 5 * 60_000;
/** Poll interval when a broker sends no Retry-After. */
const DEFAULT_POLL_MS = 2_000;

/**
 * A {@link MiddlewareProvider} backed by an Open Service Broker. Plans name
 * the broker's service and plan in `providerOptions`
 * (`{ service: 'mysql-shared', plan: 'small' }`).
 *
 * @public
 */
export class OsbProvider implements MiddlewareProvider {
  readonly id: string;
  private catalog?: { value: OsbCatalog; fetchedAt: number };

  constructor(brokerName: string, private readonly client: OsbClient) {
    this.id = `osb:${brokerName}`;
  }

  async provision(input: ProvisionInput): Promise<ProviderResult> {
    const ids = await this.resolve(input);
    try {
      const result = await this.client.provision(
        input.instanceId,
        {
          ...ids,
          parameters: input.parameters,
          context: {
            team: input.context.team,
            system: input.context.system,
            namespace: input.context.namespace,
            ...(input.context.cluster
              ? { cluster: input.context.cluster }
              : {}),
          },
        },
        input.context.requestedBy,
      );
      return result.status === 'accepted'
        ? {
            phase: 'in_progress',
            operation: result.operation,
            retryAfterMs: DEFAULT_POLL_MS,
          }
        : { phase: 'ready' };
    } catch (error) {
      throw await this.failure(error, { instanceId: input.instanceId }, ids);
    }
  }

  async getStatus(
    ref: ProviderInstanceRef,
    action: 'provision' | 'deprovision',
  ): Promise<ProviderResult> {
    const ids = await this.resolve(ref);
    try {
      const result = await this.client.lastOperation(ref.instanceId, {
        ...ids,
        operation: ref.operation,
      });
      const retryAfterMs = result.retryAfterMs ?? DEFAULT_POLL_MS;
      switch (result.state) {
        case 'in progress':
          return {
            phase: 'in_progress',
            operation: ref.operation,
            retryAfterMs,
            message: result.description,
          };
        case 'succeeded':
          return {
            phase: action === 'provision' ? 'ready' : 'gone',
            message: result.description,
          };
        case 'failed':
          return { phase: 'failed', message: result.description };
        default:
          // 410 means success for a delete and is to be ignored while creating.
          return action === 'deprovision'
            ? { phase: 'gone' }
            : { phase: 'in_progress', operation: ref.operation, retryAfterMs };
      }
    } catch (error) {
      if (error instanceof OsbRequestError && error.status === 404) {
        return action === 'deprovision'
          ? { phase: 'gone' }
          : {
              phase: 'failed',
              message: 'The broker does not know the instance',
            };
      }
      throw this.asProviderError(error);
    }
  }

  async deprovision(ref: ProviderInstanceRef): Promise<ProviderResult> {
    const ids = await this.resolve(ref);
    try {
      const result = await this.client.deprovision(
        ref.instanceId,
        ids,
        ref.actingFor,
      );
      return result.status === 'accepted'
        ? {
            phase: 'in_progress',
            operation: result.operation,
            retryAfterMs: DEFAULT_POLL_MS,
          }
        : { phase: 'gone' };
    } catch (error) {
      throw this.asProviderError(error);
    }
  }

  async verifyGone(ref: ProviderInstanceRef): Promise<boolean> {
    try {
      return !(await this.client.instanceExists(ref.instanceId));
    } catch (error) {
      throw this.asProviderError(error);
    }
  }

  async bind(binding: ProviderBindingRef): Promise<ProviderBindResult> {
    const ids = await this.resolve(binding.instance);
    try {
      const result = await this.client.bind(
        binding.instance.instanceId,
        binding.bindingId,
        {
          ...ids,
          appGuid: binding.namespace,
          context: {
            namespace: binding.namespace,
            ...(binding.cluster ? { cluster: binding.cluster } : {}),
          },
        },
        binding.requestedBy,
      );
      return result.status === 'accepted'
        ? {
            phase: 'in_progress',
            operation: result.operation,
            retryAfterMs: DEFAULT_POLL_MS,
          }
        : { phase: 'ready', credentials: result.credentials };
    } catch (error) {
      throw await this.failure(
        error,
        {
          instanceId: binding.instance.instanceId,
          bindingId: binding.bindingId,
        },
        ids,
      );
    }
  }

  async unbind(binding: ProviderBindingRef): Promise<ProviderResult> {
    const ids = await this.resolve(binding.instance);
    try {
      const result = await this.client.unbind(
        binding.instance.instanceId,
        binding.bindingId,
        ids,
        // Who asked to unbind (a teammate, or whoever deprovisions).
        binding.instance.actingFor,
      );
      return result.status === 'accepted'
        ? { phase: 'in_progress', retryAfterMs: DEFAULT_POLL_MS }
        : { phase: 'gone' };
    } catch (error) {
      throw this.asProviderError(error);
    }
  }

  async fetchCredentials(binding: ProviderBindingRef) {
    try {
      return await this.client.fetchBinding(
        binding.instance.instanceId,
        binding.bindingId,
      );
    } catch (error) {
      throw this.asProviderError(error);
    }
  }

  /** Maps `providerOptions` service and plan names to the broker's ids. */
  private async resolve(ref: ProviderInstanceRef): Promise<OsbPlanIds> {
    const { service, plan } = ref.providerOptions as {
      service?: unknown;
      plan?: unknown;
    };
    if (typeof service !== 'string' || typeof plan !== 'string') {
      throw new ProviderError(
        `Plan ${ref.offeringId}/${ref.planId} lacks providerOptions.service and .plan`,
        { retryable: false },
      );
    }
    for (const refresh of [false, true]) {
      const catalog = await this.getCatalog(refresh);
      const s = catalog.services.find(
        x => x.name === service || x.id === service,
      );
      const p = s?.plans.find(x => x.name === plan || x.id === plan);
      if (s && p) return { serviceId: s.id, planId: p.id };
    }
    throw new ProviderError(
      `Broker ${this.id} has no plan ${service}/${plan}`,
      {
        retryable: false,
      },
    );
  }

  private async getCatalog(refresh: boolean): Promise<OsbCatalog> {
    if (
      !refresh &&
      this.catalog &&
      Date.now() - this.catalog.fetchedAt < CATALOG_TTL_MS
    ) {
      return this.catalog.value;
    }
    try {
      this.catalog = {
        value: await this.client.catalog(),
        fetchedAt: Date.now(),
      };
      return this.catalog.value;
    } catch (error) {
      throw this.asProviderError(error);
    }
  }

  /** Runs orphan mitigation when the spec calls for it, then describes the failure. */
  private async failure(
    error: unknown,
    target: { instanceId: string; bindingId?: string },
    ids: OsbPlanIds,
  ): Promise<ProviderError> {
    if (error instanceof OsbRequestError && error.orphanMitigation) {
      const cleaned = await mitigateOrphan(this.client, target, ids);
      return new ProviderError(error.message, {
        retryable: true,
        orphanRisk: !cleaned,
        cause: error,
      });
    }
    return this.asProviderError(error);
  }

  private asProviderError(error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    if (error instanceof OsbRequestError) {
      return new ProviderError(error.message, {
        retryable: error.transient,
        cause: error,
      });
    }
    return new ProviderError(String((error as Error)?.message ?? error), {
      retryable: true,
      cause: error,
    });
  }
}
