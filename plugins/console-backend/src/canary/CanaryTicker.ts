import { LoggerService } from '@backstage/backend-plugin-api';
import { ApplicationModel } from '@paasport/kubernetes-node';
import { workerName } from '@paasport/plugin-paasport-node';
import { createHash } from 'node:crypto';
import { CanaryRunner } from './CanaryRunner';
import { CanaryStore } from './store';

/** Long enough for a tick with an analysis (several Prometheus queries). */
const LEASE_MS = 60_000;
/** After a failed tick, the canary is looked at again this much later. */
const RETRY_MS = 15_000;
const BATCH = 10;

/**
 * Advances the running canaries that are due, on whichever backend replica
 * claims them first: a canary is leased to one replica at a time, so a step
 * is never done by two, and a replica that dies mid-tick leaves a lease that
 * expires, after which another replica ticks the stored state again.
 *
 * @internal
 */
export class CanaryTicker {
  private readonly owner = workerName('canary');

  constructor(
    private readonly options: {
      store: CanaryStore;
      runner: CanaryRunner;
      entities: ApplicationModel;
      logger: LoggerService;
    },
  ) {}

  /** One round: claims what is due and ticks each canary once. */
  async runDue(now: Date = new Date()): Promise<number> {
    const { store, runner, entities, logger } = this.options;
    const claimed = await store.claimDue({
      owner: this.owner,
      now,
      leaseMs: LEASE_MS,
      limit: BATCH,
    });
    for (const canary of claimed) {
      try {
        // The person who started it, with the groups the trusted team model
        // gives them now: someone who left the team no longer moves it.
        const person = await entities.person(canary.actor);
        await runner.advance(
          canary,
          { type: 'tick' },
          { person, lease: { owner: this.owner } },
        );
      } catch (error) {
        if (await this.savedByOthers(canary.id, canary.version)) {
          // A person acted meanwhile: their state stands, the next tick
          // starts from it.
          await store.releaseLease(canary.id, this.owner).catch(() => false);
          continue;
        }
        const message = (error as Error).message;
        logger.warn(`canary ${canary.id}: tick failed: ${message}`);
        // Said once per state and cause in the history, so the page shows
        // why a canary does not move without repeating it every tick.
        const key = `error:${canary.state.sequence}:${createHash('sha256')
          .update(message)
          .digest('hex')
          .slice(0, 12)}`;
        await store
          .addEvent(canary.id, {
            kind: 'error',
            message: `could not go on, retrying: ${message}`,
            key,
            stepIndex: canary.state.stepIndex,
          })
          .catch(() => undefined);
        await store.releaseLease(canary.id, this.owner, {
          nextRunAt: new Date(Date.now() + RETRY_MS).toISOString(),
        });
      }
    }
    return claimed.length;
  }

  private async savedByOthers(id: string, version: number): Promise<boolean> {
    const latest = await this.options.store.get(id).catch(() => undefined);
    return !!latest && latest.version !== version;
  }
}
