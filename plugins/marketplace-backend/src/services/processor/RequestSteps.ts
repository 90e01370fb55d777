import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MiddlewareProvider,
  ProviderInstanceRef,
  ProviderResult,
} from '@paasport/plugin-marketplace-node';
import { DatabaseMarketplaceStore } from '../../database/DatabaseMarketplaceStore';
import { actingFor, RequestRow, toDate } from '../../database/rows';
import { asProviderError, backoffMs, later, ProcessorTuning } from './policy';
import { LeaseCheck, LeaseLostError } from './RowLeases';

const ACTOR = 'processor';
const DEFAULT_POLL_MS = 2_000;

/** The provider's view of a request. */
export function instanceRef(row: RequestRow): ProviderInstanceRef {
  return {
    instanceId: row.id,
    offeringId: row.offering_id,
    planId: row.plan_id,
    providerOptions: JSON.parse(row.provider_options),
    ...(row.operation ? { operation: row.operation } : {}),
    ...(row.cluster ? { cluster: row.cluster } : {}),
    namespace: row.namespace,
    actingFor: actingFor(row),
  };
}

/**
 * One step of a request's state machine per call:
 * pending → provisioning → ready | failed; deprovisioning → deleted; plus
 * orphan cleanup before anything else when a failed call may have left
 * something behind. Every write is guarded by the processor's lease, and no
 * provider is called once the lease is gone.
 */
export class RequestSteps {
  constructor(
    private readonly store: DatabaseMarketplaceStore,
    private readonly owner: string,
    private readonly tuning: ProcessorTuning,
    private readonly logger: LoggerService,
    private readonly lease: LeaseCheck,
  ) {}

  async run(row: RequestRow, provider: MiddlewareProvider): Promise<void> {
    try {
      this.lease.assertHeld(row.id);
      if (row.orphan_cleanup) {
        await this.cleanupOrphan(row, provider);
      } else if (row.state === 'pending') {
        await this.afterProvisionCall(row, await this.provision(row, provider));
      } else if (row.state === 'provisioning') {
        await this.pollProvisioning(row, provider);
      } else if (row.state === 'deprovisioning') {
        await this.deprovision(row, provider);
      } else {
        await this.update(row, { next_attempt_at: null });
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Not a failed attempt: whoever holds the row now carries on.
        this.logger.warn(error.message);
        return;
      }
      await this.failedAttempt(row, error);
    }
  }

  private provision(row: RequestRow, provider: MiddlewareProvider) {
    this.lease.assertHeld(row.id);
    return provider.provision({
      ...instanceRef(row),
      parameters: JSON.parse(row.parameters),
      context: {
        team: row.team_ref,
        system: row.system_ref,
        namespace: row.namespace,
        requestedBy: row.created_by,
        ...(row.cluster ? { cluster: row.cluster } : {}),
        ...(row.component_ref ? { component: row.component_ref } : {}),
      },
    });
  }

  private async pollProvisioning(
    row: RequestRow,
    provider: MiddlewareProvider,
  ) {
    const started = row.step_started_at
      ? toDate(row.step_started_at)
      : new Date();
    if (Date.now() - started.getTime() > this.tuning.provisioningTimeoutMs) {
      await this.update(
        row,
        {
          state: 'failed',
          orphan_cleanup: true,
          next_attempt_at: new Date(),
          last_error: 'Provisioning timed out',
        },
        'Provisioning timed out; cleaning up at the provider',
      );
      return;
    }
    this.lease.assertHeld(row.id);
    await this.afterProvisionCall(
      row,
      await provider.getStatus(instanceRef(row), 'provision'),
    );
  }

  private async afterProvisionCall(row: RequestRow, result: ProviderResult) {
    if (result.phase === 'ready') {
      await this.update(
        row,
        {
          state: 'ready',
          operation: null,
          attempts: 0,
          last_error: null,
          next_attempt_at: null,
          step_started_at: new Date(),
        },
        result.message ?? 'Instance is ready',
      );
    } else if (result.phase === 'in_progress') {
      await this.update(
        row,
        {
          state: 'provisioning',
          operation: result.operation ?? row.operation,
          attempts: 0,
          next_attempt_at: later(result.retryAfterMs ?? DEFAULT_POLL_MS),
          ...(row.state !== 'provisioning'
            ? { step_started_at: new Date() }
            : {}),
        },
        row.state !== 'provisioning' ? 'Provisioning started' : undefined,
      );
    } else {
      // The spec asks for orphan mitigation after a failed asynchronous provision.
      await this.update(
        row,
        {
          state: 'failed',
          operation: null,
          orphan_cleanup: true,
          next_attempt_at: new Date(),
          last_error: result.message ?? 'Provisioning failed',
        },
        `Provisioning failed: ${result.message ?? 'no reason given'}`,
      );
    }
  }

  private async deprovision(row: RequestRow, provider: MiddlewareProvider) {
    const bindings = await this.store.listBindings(row.id, true);
    if (bindings.length > 0) {
      // Credentials go before the data: unbind everything, then come back.
      for (const binding of bindings.filter(b => b.state !== 'unbinding')) {
        this.lease.assertHeld(row.id);
        await this.store.transitionBinding(binding.id, {
          patch: {
            state: 'unbinding',
            // Whoever asked to deprovision also revokes the credentials.
            acting_for: actingFor(row),
            next_attempt_at: new Date(),
            attempts: 0,
          },
          actor: ACTOR,
          message: 'Unbinding before deprovisioning',
        });
      }
      await this.update(row, { next_attempt_at: later(1_000) });
      return;
    }
    const ref = instanceRef(row);
    this.lease.assertHeld(row.id);
    const result = row.operation
      ? await provider.getStatus(ref, 'deprovision')
      : await provider.deprovision(ref);
    if (result.phase === 'gone') {
      await this.verifyGone(
        row,
        provider,
        { state: 'deleted', operation: null },
        'Deleted; the provider confirms nothing is left',
      );
    } else if (result.phase === 'in_progress') {
      await this.update(row, {
        operation: result.operation ?? row.operation,
        next_attempt_at: later(result.retryAfterMs ?? DEFAULT_POLL_MS),
      });
    } else {
      await this.failedAttempt(
        { ...row, operation: null },
        new Error(result.message ?? 'Deprovisioning failed'),
      );
    }
  }

  private async cleanupOrphan(row: RequestRow, provider: MiddlewareProvider) {
    const ref = instanceRef(row);
    this.lease.assertHeld(row.id);
    const result = row.operation
      ? await provider.getStatus(ref, 'deprovision')
      : await provider.deprovision(ref);
    if (result.phase === 'in_progress') {
      await this.update(row, {
        operation: result.operation ?? row.operation,
        next_attempt_at: later(result.retryAfterMs ?? DEFAULT_POLL_MS),
      });
      return;
    }
    if (result.phase === 'failed') {
      await this.failedAttempt(
        { ...row, operation: null },
        new Error(result.message ?? 'Cleanup failed'),
      );
      return;
    }
    // Pending requests go on to provision again; failed ones stay failed.
    await this.verifyGone(
      row,
      provider,
      {
        orphan_cleanup: false,
        operation: null,
        attempts: row.state === 'pending' ? row.attempts : 0,
        next_attempt_at: row.state === 'pending' ? new Date() : null,
        // A failed request keeps saying why it failed.
        last_error: row.state === 'pending' ? null : row.last_error,
      },
      'Removed leftovers at the provider',
    );
  }

  private async verifyGone(
    row: RequestRow,
    provider: MiddlewareProvider,
    patch: Partial<RequestRow>,
    message: string,
  ) {
    this.lease.assertHeld(row.id);
    if (await provider.verifyGone(instanceRef(row))) {
      await this.update(row, { last_error: null, ...patch }, message, true);
    } else {
      await this.failedAttempt(
        { ...row, operation: null },
        new Error('The provider still reports the instance'),
      );
    }
  }

  private async failedAttempt(row: RequestRow, thrown: unknown) {
    const error = asProviderError(thrown);
    const attempts = row.attempts + 1;
    const creating = row.state === 'pending' || row.state === 'provisioning';
    const orphan = Boolean(row.orphan_cleanup) || error.orphanRisk;
    this.logger.warn(
      `Request ${row.id} (${row.state}) attempt ${attempts} failed: ${error.message}`,
    );
    if (creating && (!error.retryable || attempts >= this.tuning.maxAttempts)) {
      await this.update(
        row,
        {
          state: 'failed',
          attempts: 0,
          operation: null,
          orphan_cleanup: orphan,
          next_attempt_at: orphan ? later(backoffMs(this.tuning, 1)) : null,
          last_error: error.message,
        },
        `Gave up after ${attempts} attempt(s): ${error.message}`,
      );
      return;
    }
    await this.update(
      row,
      {
        attempts,
        operation: row.operation,
        orphan_cleanup: orphan,
        last_error: error.message,
        next_attempt_at: later(backoffMs(this.tuning, attempts)),
      },
      attempts === 1 ? `Retrying: ${error.message}` : undefined,
      attempts === 1,
    );
  }

  private async update(
    row: RequestRow,
    patch: Partial<RequestRow>,
    message?: string,
    record = false,
  ) {
    // Guarded by state too: a user who deprovisioned meanwhile wins over our result.
    const applied = await this.store.transitionRequest(row.id, {
      leaseOwner: this.owner,
      fromStates: [row.state],
      // The step's last write gives the lease back too: one commit, not two.
      patch: { ...patch, lease_owner: null, lease_expires_at: null },
      actor: ACTOR,
      message,
      record,
    });
    if (!applied) {
      this.logger.info(
        `Request ${row.id} changed while being processed; dropping a stale result`,
      );
    }
  }
}
