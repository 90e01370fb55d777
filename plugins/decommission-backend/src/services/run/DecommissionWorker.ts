import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  audited,
  LeaseKeeper,
  workerName,
} from '@paasport/plugin-paasport-node';
import {
  ClaimedRun,
  DatabaseDecommissionStore,
  Reservation,
} from '../../database/DecommissionStore';
import { DecommissionRunner } from './DecommissionRunner';
import { LeaseLostError, WorkerStoppingError } from './errors';
import { summarize } from './summary';

/** How many runs one worker carries out at once, besides its reserved ones. */
const DEFAULT_MAX_RUNS = 4;

/** One run this worker carries out. */
interface Job {
  controller: AbortController;
  /** Rejects when the lease is lost, to let go of an item that hangs. */
  lost: Promise<never>;
  loseLease(error: LeaseLostError): void;
}

/**
 * Carries out decommission runs as claimed work: one worker per backend
 * replica, polled by a scheduled task and kicked at once after a start or
 * retry. It leases runs in the database, renews the lease while it works
 * (a third of the lease at a time) and gives up a run when it cannot: a
 * replica that dies (SIGKILL) leaves its runs to another worker within one
 * lease, and that worker continues where the run stopped.
 *
 * @internal
 */
export class DecommissionWorker {
  /** Identifies this worker in leases and in runs' histories. */
  readonly owner: string;
  private readonly jobs = new Map<string, Job>();
  private readonly signIns = new Map<
    string,
    BackstageCredentials<BackstageUserPrincipal>
  >();
  private readonly inFlight = new Set<Promise<unknown>>();
  private claiming: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly options: {
      store: DatabaseDecommissionStore;
      runner: Pick<DecommissionRunner, 'run'>;
      auditor: AuditorService;
      logger: LoggerService;
      /** How long a lease lasts without renewal. */
      leaseMs: number;
      maxRuns?: number;
      owner?: string;
    },
  ) {
    this.owner = options.owner ?? workerName('decommission');
  }

  /** For a start or retry answered here: the run waits for this worker. */
  reservation(): Reservation {
    return { owner: this.owner, leaseMs: this.options.leaseMs };
  }

  /**
   * Keeps the sign-in of the person starting or retrying `runId` in memory
   * (never in the database) for the marketplace, which acts only for a
   * signed-in person. Call before the run is recorded, so that it is there
   * whenever the run is claimed; the runner uses it only while it is the
   * sign-in of the run's stored actor.
   */
  holdSignIn(
    runId: string,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): void {
    this.signIns.set(runId, credentials);
  }

  /** Forgets a sign-in kept for a run that was not recorded after all. */
  dropSignIn(runId: string): void {
    if (!this.jobs.has(runId)) this.signIns.delete(runId);
  }

  /**
   * Lets go of a run this worker still works on, because a retry took it
   * (it made no progress); its work writes nothing more.
   */
  abandon(runId: string): void {
    this.jobs
      .get(runId)
      ?.loseLease(new LeaseLostError(`Decommission run ${runId} was retried`));
    this.jobs.delete(runId);
  }

  /**
   * Claims what is due (runs reserved for this worker, runs waiting for one,
   * runs whose worker's lease expired) and starts them in the background;
   * resolves with how many it claimed. Polls of one worker never overlap.
   */
  poll(): Promise<number> {
    const cycle = this.claiming.then(() => this.claimAndStart());
    this.claiming = cycle.catch(() => undefined);
    this.track(
      cycle.catch(error =>
        this.options.logger.warn(
          `Decommission worker ${this.owner} could not claim runs: ${error}`,
        ),
      ),
    );
    return cycle;
  }

  /** Resolves once nothing is claimed, being claimed or running here. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /**
   * For the backend's shutdown: claims nothing more, lets each run finish
   * its current item, and gives the runs back (recorded in their history)
   * so that another replica continues them at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const job of this.jobs.values()) {
      job.controller.abort(
        new WorkerStoppingError(`Worker ${this.owner} is shutting down`),
      );
    }
    await this.drain();
  }

  private async claimAndStart(): Promise<number> {
    if (this.stopping) return 0;
    const { store, leaseMs } = this.options;
    const maxRuns = this.options.maxRuns ?? DEFAULT_MAX_RUNS;
    // Before the claim: the lease here never runs out later than there.
    const claimedAt = Date.now();
    const claimed = await store.claim(this.owner, {
      leaseMs,
      limit: Math.max(0, maxRuns - this.jobs.size),
      exclude: [...this.jobs.keys()],
    });
    for (const run of claimed) this.start(run, claimedAt);
    return claimed.length;
  }

  private start(claimed: ClaimedRun, claimedAt: number) {
    let loseLease: (error: LeaseLostError) => void = () => undefined;
    const controller = new AbortController();
    const lost = new Promise<never>((_, reject) => {
      loseLease = error => {
        controller.abort(error);
        reject(error);
      };
    });
    lost.catch(() => undefined);
    const job: Job = { controller, lost, loseLease };
    this.jobs.set(claimed.id, job);
    const work = this.work(claimed, job, claimedAt).finally(() => {
      // A retry may have given the run to a newer job of this worker.
      if (this.jobs.get(claimed.id) === job) {
        this.jobs.delete(claimed.id);
        this.signIns.delete(claimed.id);
      }
    });
    this.track(work);
  }

  /** One run, audited when this worker ends it or lets go of it. */
  private async work(
    claimed: ClaimedRun,
    job: Job,
    claimedAt: number,
  ): Promise<void> {
    const { store, runner, logger } = this.options;
    const runId = claimed.id;
    const stopRenewing = this.keepLease(runId, job, claimedAt);
    try {
      const stored = await store.getRun(runId);
      await audited(
        this.options,
        {
          eventId: 'decommission-run',
          severityLevel: 'high',
          // No request here: the actor is recorded in the metadata.
          meta: {
            runId,
            actor: stored?.actor ?? null,
            entityRef: stored?.entityRef ?? null,
            worker: this.owner,
            ...(claimed.takenOverFrom && {
              takenOverFrom: claimed.takenOverFrom.owner,
            }),
          },
        },
        async meta => {
          const run = await Promise.race([
            runner.run(runId, {
              owner: this.owner,
              signal: job.controller.signal,
              signIn: () => this.signIns.get(runId),
            }),
            job.lost,
          ]);
          const summary = summarize(run);
          meta.summary = summary;
          meta.removed = run.items
            .filter(i => i.status === 'done')
            .map(i => i.key);
          if (run.status === 'failed') {
            meta.failed = run.items
              .filter(i => i.status === 'failed')
              .map(i => i.key);
            throw new Error(
              `${summary.failed} item(s) failed, ${summary.pending} left`,
            );
          }
        },
      );
    } catch (error) {
      if (error instanceof WorkerStoppingError) {
        await store
          .releaseLease(
            runId,
            this.owner,
            `worker ${this.owner} shut down; the run waits for another worker`,
          )
          .catch(e =>
            logger.warn(
              `Decommission run ${runId}: could not give it back: ${e}`,
            ),
          );
      } else if (error instanceof LeaseLostError) {
        logger.warn(
          `Decommission run ${runId}: ${error.message}; another worker continues it`,
        );
      } else {
        logger.warn(`Decommission run ${runId} did not finish: ${error}`);
      }
    } finally {
      stopRenewing();
    }
  }

  /**
   * Renews the run's lease every third of it (paasport-node's LeaseKeeper).
   * When the store says another worker holds the run, or no renewal got
   * through for a whole lease (the database unreachable: another worker may
   * have taken over), the job loses the lease and writes nothing more.
   */
  private keepLease(runId: string, job: Job, claimedAt: number): () => void {
    const { store, leaseMs, logger } = this.options;
    const { owner } = this;
    const keeper = new LeaseKeeper({
      leaseMs,
      logger,
      what: `lease on decommission run ${runId}`,
      renew: async ids =>
        (await store.renewLease(runId, owner, leaseMs)) ? ids : [],
      onLost: (_id, loss) =>
        job.loseLease(
          new LeaseLostError(
            loss === 'taken'
              ? `Worker ${owner} lost decommission run ${runId} to another worker or a retry`
              : `Worker ${owner} could not renew its lease on decommission run ${runId} for ${Math.round(
                  leaseMs / 1000,
                )} s`,
          ),
        ),
    }).hold([runId], claimedAt);
    return () => void keeper.stop();
  }

  private track(work: Promise<unknown>) {
    this.inFlight.add(work);
    work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
  }
}
