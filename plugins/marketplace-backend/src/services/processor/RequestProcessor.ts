import { LoggerService } from '@backstage/backend-plugin-api';
import { CredentialDelivery } from '@paasport/plugin-marketplace-node';
import { randomUUID } from 'node:crypto';
import { DatabaseMarketplaceStore } from '../../database/DatabaseMarketplaceStore';
import { BindingSteps } from './BindingSteps';
import { defaultTuning, forEachLimited, ProcessorTuning } from './policy';
import { ProviderRegistry } from './ProviderRegistry';
import { RequestSteps } from './RequestSteps';

/** What a {@link RequestProcessor} needs. */
export interface RequestProcessorOptions {
  store: DatabaseMarketplaceStore;
  providers: ProviderRegistry;
  logger: LoggerService;
  delivery?: () => CredentialDelivery | undefined;
  tuning?: Partial<ProcessorTuning>;
}

/**
 * Advances requests and bindings that are due. Any number of processors may
 * run against one database (one per backend replica): rows are leased with
 * `SELECT … FOR UPDATE SKIP LOCKED`, and every write checks the lease.
 */
export class RequestProcessor {
  /** Identifies this processor in leases. */
  readonly owner = `processor-${randomUUID()}`;
  private readonly tuning: ProcessorTuning;

  constructor(private readonly options: RequestProcessorOptions) {
    this.tuning = { ...defaultTuning, ...options.tuning };
  }

  /** Claims and works one batch of due requests and bindings; returns how many. */
  async runOnce(): Promise<number> {
    const { store, providers, logger } = this.options;
    const claim = {
      leaseMs: this.tuning.leaseMs,
      limit: this.tuning.batchSize,
    };
    const requests = await store.claimRequests(this.owner, claim);
    const steps = new RequestSteps(store, this.owner, this.tuning, logger);
    await forEachLimited(requests, this.tuning.concurrency, async row => {
      try {
        const provider = providers.get(row.provider);
        if (provider) {
          await steps.run(row, provider);
        } else {
          await store.transitionRequest(row.id, {
            leaseOwner: this.owner,
            patch: {
              next_attempt_at: new Date(Date.now() + 60_000),
              last_error: `No provider '${row.provider}' is installed`,
            },
            actor: 'processor',
          });
        }
      } finally {
        await store.release('request', row.id, this.owner);
      }
    });

    const bindings = await store.claimBindings(this.owner, claim);
    const bindingSteps = new BindingSteps(
      store,
      this.owner,
      this.tuning,
      logger,
      this.options.delivery?.(),
    );
    await forEachLimited(bindings, this.tuning.concurrency, async binding => {
      try {
        const request = await store.getRequest(binding.request_id);
        const provider = request && providers.get(request.provider);
        if (request && provider) {
          await bindingSteps.run(binding, request, provider);
        }
      } finally {
        await store.release('binding', binding.id, this.owner);
      }
    });
    return requests.length + bindings.length;
  }

  /**
   * Works until nothing is due or `maxDurationMs` has passed, waiting briefly
   * for operations whose next poll is close, so a provisioning finishes within
   * one scheduled run instead of one run per poll.
   */
  async runUntilIdle(options: {
    maxDurationMs: number;
    maxWaitMs?: number;
  }): Promise<number> {
    const deadline = Date.now() + options.maxDurationMs;
    let total = 0;
    while (Date.now() < deadline) {
      const handled = await this.runOnce();
      total += handled;
      if (handled > 0) continue;
      const nextDue = await this.options.store.nextDueAt();
      const wait = nextDue ? nextDue.getTime() - Date.now() : Infinity;
      if (wait > (options.maxWaitMs ?? 2_500) || Date.now() + wait > deadline)
        break;
      await new Promise(resolve => setTimeout(resolve, Math.max(wait, 50)));
    }
    return total;
  }
}
