import { LoggerService } from '@backstage/backend-plugin-api';
import { CredentialDelivery } from '@paasport/plugin-marketplace-node';
import { workerName } from '@paasport/plugin-paasport-node';
import {
  DatabaseMarketplaceStore,
  LeasedKind,
} from '../../database/DatabaseMarketplaceStore';
import { BindingSteps } from './BindingSteps';
import { defaultTuning, forEachLimited, ProcessorTuning } from './policy';
import { ProviderRegistry } from './ProviderRegistry';
import { RequestSteps } from './RequestSteps';
import { RowLeases } from './RowLeases';

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
 * `SELECT … FOR UPDATE SKIP LOCKED`, leases are renewed while work on the
 * row runs, and every write checks the lease. A processor that dies leaves
 * its rows to the others once their short leases run out.
 */
export class RequestProcessor {
  /** Identifies this processor in leases and histories. */
  readonly owner = workerName('processor');
  private readonly tuning: ProcessorTuning;

  constructor(private readonly options: RequestProcessorOptions) {
    this.tuning = { ...defaultTuning, ...options.tuning };
  }

  /** Claims and works one batch of due requests and bindings; returns how many. */
  async runOnce(): Promise<number> {
    const { store, providers, logger } = this.options;
    const requestLeases = await this.claim('request', o =>
      store.claimRequests(this.owner, o),
    );
    const steps = new RequestSteps(
      store,
      this.owner,
      this.tuning,
      logger,
      requestLeases.leases,
    );
    await this.work(requestLeases, async row => {
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
    });

    const bindingLeases = await this.claim('binding', o =>
      store.claimBindings(this.owner, o),
    );
    const bindingSteps = new BindingSteps(
      store,
      this.owner,
      this.tuning,
      logger,
      bindingLeases.leases,
      this.options.delivery?.(),
    );
    await this.work(bindingLeases, async binding => {
      const request = await store.getRequest(binding.request_id);
      const provider = request && providers.get(request.provider);
      if (request && provider) {
        await bindingSteps.run(binding, request, provider);
      }
    });
    return requestLeases.rows.length + bindingLeases.rows.length;
  }

  /** Claims due rows of one kind and starts their leases' heartbeat. */
  private async claim<Row extends { id: string }>(
    kind: LeasedKind,
    claimRows: (options: { leaseMs: number; limit: number }) => Promise<Row[]>,
  ) {
    const claimedAt = Date.now();
    const rows = await claimRows({
      leaseMs: this.tuning.leaseMs,
      limit: this.tuning.batchSize,
    });
    const leases = new RowLeases(
      this.options.store,
      kind,
      this.owner,
      this.tuning.leaseMs,
      this.options.logger,
    ).start(
      rows.map(r => r.id),
      claimedAt,
    );
    return { kind, rows, leases };
  }

  /** Works the claimed rows, keeping their leases alive until each is done. */
  private async work<Row extends { id: string }>(
    claimed: { kind: LeasedKind; rows: Row[]; leases: RowLeases },
    step: (row: Row) => Promise<void>,
  ): Promise<void> {
    const { kind, rows, leases } = claimed;
    try {
      await forEachLimited(rows, this.tuning.concurrency, async row => {
        try {
          // A row that waited too long for its turn may be someone else's now.
          if (leases.isHeld(row.id)) await step(row);
        } finally {
          leases.drop(row.id);
          await this.options.store.release(kind, row.id, this.owner);
        }
      });
    } finally {
      await leases.stop();
    }
  }

  /**
   * Works until nothing is due, `maxDurationMs` has passed or `signal` is
   * aborted, waiting briefly for operations whose next poll is close, so a
   * provisioning finishes within one scheduled run instead of one run per poll.
   */
  async runUntilIdle(options: {
    maxDurationMs: number;
    maxWaitMs?: number;
    signal?: AbortSignal;
  }): Promise<number> {
    const deadline = Date.now() + options.maxDurationMs;
    let total = 0;
    while (Date.now() < deadline && !options.signal?.aborted) {
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
