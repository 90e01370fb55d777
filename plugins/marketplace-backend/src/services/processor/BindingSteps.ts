import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BindingCredentials,
  conventionalCredentials,
  CredentialDelivery,
  MiddlewareProvider,
  ProviderBindingRef,
  ProviderError,
} from '@paasport/plugin-marketplace-node';
import { DatabaseMarketplaceStore } from '../../database/DatabaseMarketplaceStore';
import { actingFor, BindingRow, RequestRow } from '../../database/rows';
import { instanceRef } from './RequestSteps';
import { asProviderError, backoffMs, later, ProcessorTuning } from './policy';
import { LeaseCheck, LeaseLostError } from './RowLeases';
import { secretMetadata } from './secretMetadata';

const ACTOR = 'processor';

/**
 * The provider's view of a binding; its instance reference acts for the
 * person behind the binding operation, not the instance's.
 */
export function bindingRef(
  binding: BindingRow,
  request: RequestRow,
): ProviderBindingRef {
  return {
    bindingId: binding.id,
    instance: { ...instanceRef(request), actingFor: actingFor(binding) },
    namespace: binding.namespace,
    ...(binding.cluster ? { cluster: binding.cluster } : {}),
    requestedBy: binding.created_by,
  };
}

/** Credentials under the keys applications read: the same in Secrets and reveals. */
export function revealable(
  credentials: BindingCredentials,
): BindingCredentials {
  return conventionalCredentials(credentials);
}

function secretTarget(binding: BindingRow) {
  return {
    ...(binding.cluster ? { cluster: binding.cluster } : {}),
    namespace: binding.namespace,
    secretName: binding.secret_name,
    bindingId: binding.id,
    actingFor: actingFor(binding),
  };
}

/**
 * One step of a binding: pending → ready (credentials delivered to the
 * Secret, never stored here) | failed; unbinding → deleted. Every write is
 * guarded by the processor's lease, and nothing outside is called once the
 * lease is gone.
 */
export class BindingSteps {
  constructor(
    private readonly store: DatabaseMarketplaceStore,
    private readonly owner: string,
    private readonly tuning: ProcessorTuning,
    private readonly logger: LoggerService,
    private readonly lease: LeaseCheck,
    private readonly delivery?: CredentialDelivery,
  ) {}

  async run(
    binding: BindingRow,
    request: RequestRow,
    provider: MiddlewareProvider,
  ) {
    try {
      this.lease.assertHeld(binding.id);
      const ref = bindingRef(binding, request);
      if (binding.orphan_cleanup || binding.state === 'unbinding') {
        await this.unbind(binding, ref, provider);
      } else if (binding.state === 'pending') {
        await this.bind(binding, request, ref, provider);
      } else {
        await this.update(binding, { next_attempt_at: null });
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Not a failed attempt: whoever holds the binding now carries on.
        this.logger.warn(error.message);
        return;
      }
      await this.failedAttempt(binding, error);
    }
  }

  private async bind(
    binding: BindingRow,
    request: RequestRow,
    ref: ProviderBindingRef,
    provider: MiddlewareProvider,
  ) {
    if (request.state !== 'ready') {
      if (
        ['pending', 'awaiting_approval', 'provisioning'].includes(request.state)
      ) {
        await this.update(binding, { next_attempt_at: later(2_000) });
      } else {
        await this.update(
          binding,
          {
            state: 'failed',
            next_attempt_at: null,
            last_error: `The instance is ${request.state}`,
          },
          `Cannot bind: the instance is ${request.state}`,
        );
      }
      return;
    }
    this.lease.assertHeld(binding.id);
    const result = await provider.bind(ref);
    if (result.phase === 'in_progress') {
      await this.update(binding, {
        next_attempt_at: later(result.retryAfterMs ?? 2_000),
      });
      return;
    }
    if (result.phase !== 'ready' || !result.credentials) {
      await this.update(
        binding,
        {
          state: 'failed',
          orphan_cleanup: true,
          next_attempt_at: new Date(),
          last_error: result.message ?? 'Binding failed',
        },
        `Binding failed: ${result.message ?? 'no credentials returned'}`,
      );
      return;
    }
    if (this.delivery) {
      this.lease.assertHeld(binding.id);
      // If delivery fails the binding stays pending; the retried bind is idempotent.
      try {
        await this.delivery.deliver({
          ...secretTarget(binding),
          ...secretMetadata(binding, request),
          credentials: revealable(result.credentials),
        });
      } catch (error) {
        // Retried as a whole: binding again is idempotent. Should the binding
        // be given up, failedAttempt revokes the user the provider made.
        const failure = asProviderError(error);
        throw new ProviderError(
          `Delivering the credentials failed: ${failure.message}`,
          { retryable: failure.retryable, cause: error },
        );
      }
    }
    await this.update(
      binding,
      {
        state: 'ready',
        attempts: 0,
        last_error: null,
        next_attempt_at: null,
        delivered_at: this.delivery ? new Date() : null,
      },
      this.delivery
        ? `Credentials delivered to Secret ${binding.namespace}/${
            binding.secret_name
          }${binding.cluster ? ` on ${binding.cluster}` : ''}`
        : 'Bound; no credential delivery is installed, reveal the credentials in the portal',
    );
  }

  private async unbind(
    binding: BindingRow,
    ref: ProviderBindingRef,
    provider: MiddlewareProvider,
  ) {
    // The Secret goes first: an application must not keep using revoked credentials.
    this.lease.assertHeld(binding.id);
    await this.delivery?.remove(secretTarget(binding));
    this.lease.assertHeld(binding.id);
    const result = await provider.unbind(ref);
    if (result.phase === 'in_progress') {
      await this.update(binding, {
        next_attempt_at: later(result.retryAfterMs ?? 2_000),
      });
    } else if (result.phase === 'gone') {
      const cleanupOnly =
        Boolean(binding.orphan_cleanup) && binding.state !== 'unbinding';
      // A pending binding binds again after the cleanup, within its attempts.
      const retry = cleanupOnly && binding.state === 'pending';
      await this.update(
        binding,
        {
          state: cleanupOnly ? binding.state : 'deleted',
          orphan_cleanup: false,
          attempts: retry ? binding.attempts : 0,
          last_error: cleanupOnly ? binding.last_error : null,
          next_attempt_at: retry ? new Date() : null,
          delivered_at: null,
        },
        cleanupOnly
          ? 'Removed leftovers at the provider'
          : 'Credentials revoked',
        cleanupOnly,
      );
    } else {
      await this.failedAttempt(
        binding,
        new Error(result.message ?? 'Unbinding failed'),
      );
    }
  }

  private async failedAttempt(binding: BindingRow, thrown: unknown) {
    const error = asProviderError(thrown);
    const attempts = binding.attempts + 1;
    const orphan = Boolean(binding.orphan_cleanup) || error.orphanRisk;
    this.logger.warn(
      `Binding ${binding.id} (${binding.state}) attempt ${attempts} failed: ${error.message}`,
    );
    if (
      binding.state === 'pending' &&
      (!error.retryable || attempts >= this.tuning.maxAttempts)
    ) {
      // Whatever failed, the provider may hold a user by now (bound, then
      // delivery failed): revoking one that does not exist is harmless.
      await this.update(
        binding,
        {
          state: 'failed',
          attempts: 0,
          orphan_cleanup: true,
          next_attempt_at: later(backoffMs(this.tuning, 1)),
          last_error: error.message,
        },
        `Gave up after ${attempts} attempt(s): ${error.message}`,
      );
      return;
    }
    await this.update(
      binding,
      {
        attempts,
        orphan_cleanup: orphan,
        last_error: error.message,
        next_attempt_at: later(backoffMs(this.tuning, attempts)),
      },
      attempts === 1 ? `Retrying: ${error.message}` : undefined,
      attempts === 1,
    );
  }

  private async update(
    binding: BindingRow,
    patch: Partial<BindingRow>,
    message?: string,
    record = false,
  ) {
    const applied = await this.store.transitionBinding(binding.id, {
      leaseOwner: this.owner,
      fromStates: [binding.state],
      // The step's last write gives the lease back too: one commit, not two.
      patch: { ...patch, lease_owner: null, lease_expires_at: null },
      actor: ACTOR,
      message,
      record,
    });
    if (!applied) {
      this.logger.info(
        `Binding ${binding.id} changed while being processed; dropping a stale result`,
      );
    }
  }
}
