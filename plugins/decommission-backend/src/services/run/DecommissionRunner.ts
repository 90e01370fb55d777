import {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ApplicationModel } from '@paasport/kubernetes-node';
import {
  DecommissionRunItem,
  DecommissionStep,
} from '@paasport/plugin-decommission-common';
import {
  DatabaseDecommissionStore,
  StoredRun,
} from '../../database/DecommissionStore';
import { LeaseLostError } from './errors';
import { summarize } from './summary';
import { CatalogEntities } from '../catalog/CatalogEntities';
import { KubernetesRemover } from '../kubernetes/KubernetesRemover';
import {
  MarketplaceCaller,
  MarketplaceMiddleware,
} from '../middleware/MarketplaceMiddleware';
import { SourceRepositories } from '../repository/SourceRepositories';
import { ActingPerson } from '../scope/ActingPerson';

/** Everything that runs or holds data goes before the catalog entries. */
const STEPS_BEFORE_CATALOG: DecommissionStep[] = [
  'kubernetes',
  'middleware',
  'repository',
];

/** Who a run's items are done as; the person is read once, when needed. */
interface Actor {
  /** Whom the marketplace acts for. */
  marketplaceCaller(): MarketplaceCaller;
  acting(): Promise<ActingPerson>;
}

/** Why catalog entries stay when something else could not be removed. */
export const CATALOG_KEPT =
  'Kept until everything before it is removed: discovery would re-add a service whose workloads still run, and the entity page is where the run is retried';

/**
 * What a worker gives the runner for one run. Who the run acts as and
 * where come from the run as stored, never from a request.
 *
 * @internal
 */
export interface RunContext {
  /** The worker holding the run's lease; every write checks it. */
  owner: string;
  /**
   * Aborted when the worker lost the lease or shuts down: the run stops
   * before its next item (with the signal's reason) and writes nothing more.
   */
  signal: AbortSignal;
  /**
   * The sign-in of the person who started or retried the run, for the
   * marketplace (which acts only for a signed-in person), when this replica
   * has it: the one that answered the start or retry. Used only when it is
   * the run's stored actor's.
   */
  signIn(): BackstageCredentials<BackstageUserPrincipal> | undefined;
}

/**
 * Carries out a run's items in order and records each outcome. Items that
 * are done are never touched again, so carrying a run out again (a retry,
 * or another worker taking it over) only does what is left.
 *
 * @remarks
 * Runs in a worker, on whichever replica claimed the run. Cluster objects
 * are removed as the run's stored actor (who started it, or the last
 * retry), with their trusted teams read afresh, within the run's stored
 * scope: the clusters see and audit that person, not the portal. Deletes
 * are by uid, so an object a stopped worker had already deleted counts as
 * already gone.
 *
 * @internal
 */
export class DecommissionRunner {
  constructor(
    private readonly options: {
      store: DatabaseDecommissionStore;
      kubernetes: Pick<KubernetesRemover, 'remove'>;
      middleware: Pick<MarketplaceMiddleware, 'remove'>;
      repositories: Pick<SourceRepositories, 'archive'>;
      entities: Pick<CatalogEntities, 'unregister' | 'delete'>;
      model: Pick<ApplicationModel, 'person' | 'assertMayAct'>;
      logger: LoggerService;
    },
  ) {}

  /**
   * Carries out what is left of a run the worker `context.owner` holds.
   * Throws a {@link LeaseLostError} when the worker lost the run, or the
   * signal's reason when it was aborted.
   */
  async run(runId: string, context: RunContext): Promise<StoredRun> {
    const { store } = this.options;
    const run = await store.getRun(runId);
    if (!run) throw new Error(`No decommission run ${runId}`);
    const actor = this.actorOf(run, context);
    const write = (change: () => Promise<boolean>) =>
      this.write(runId, context, change);

    for (const item of run.items) {
      if (item.action === 'none' && item.status === 'pending') {
        await write(() =>
          store.updateItem(
            runId,
            item.key,
            { status: 'skipped', outcome: 'left alone' },
            context.owner,
          ),
        );
      }
    }
    const open = (step: DecommissionStep) =>
      run.items.filter(
        i => i.step === step && i.action !== 'none' && i.status !== 'done',
      );

    let failures = 0;
    for (const step of STEPS_BEFORE_CATALOG) {
      for (const item of open(step)) {
        if (!(await this.attempt(runId, item, actor, context))) failures++;
      }
    }
    for (const item of open('catalog')) {
      if (failures > 0) {
        await write(() =>
          store.updateItem(
            runId,
            item.key,
            { status: 'pending', error: CATALOG_KEPT },
            context.owner,
          ),
        );
      } else if (!(await this.attempt(runId, item, actor, context))) {
        failures++;
      }
    }
    const summary = summarize((await store.getRun(runId))!);
    const status = failures > 0 ? 'failed' : 'succeeded';
    const message =
      status === 'failed'
        ? `failed: ${summary.failed} item(s) failed, ${summary.pending} left`
        : `succeeded: ${summary.done} item(s) done`;
    await write(() => store.finishRun(runId, status, context.owner, message));
    return (await store.getRun(runId))!;
  }

  /**
   * Does one item; records and logs the outcome; false if it failed. The
   * worker stops here when told to, and marks the item as in progress
   * first, which is also the last check that it still holds the run before
   * it acts.
   */
  private async attempt(
    runId: string,
    item: DecommissionRunItem,
    actor: Actor,
    context: RunContext,
  ): Promise<boolean> {
    const { store, logger } = this.options;
    const { owner } = context;
    if (context.signal.aborted) throw context.signal.reason;
    await this.write(runId, context, () =>
      store.startItem(runId, item.key, owner),
    );
    let outcome: string;
    try {
      outcome = await this.act(item, actor);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.write(runId, context, () =>
        store.updateItem(
          runId,
          item.key,
          { status: 'failed', error: message },
          owner,
        ),
      );
      logger.warn(`Decommission ${runId}: ${item.title} failed: ${message}`);
      return false;
    }
    await this.write(runId, context, () =>
      store.updateItem(runId, item.key, { status: 'done', outcome }, owner),
    );
    logger.info(`Decommission ${runId}: ${item.title}: ${outcome}`);
    return true;
  }

  /**
   * A guarded write. A worker that lost the run writes nothing more: the
   * store refuses it (another worker or a retry holds the lease), or the
   * worker already knows (its lease could not be renewed). A worker that is
   * shutting down still records the item it finished.
   */
  private async write(
    runId: string,
    context: RunContext,
    change: () => Promise<boolean>,
  ): Promise<void> {
    if (context.signal.reason instanceof LeaseLostError) {
      throw context.signal.reason;
    }
    if (!(await change())) {
      throw new LeaseLostError(
        `Worker ${context.owner} no longer holds decommission run ${runId}`,
      );
    }
  }

  private actorOf(run: StoredRun, context: RunContext): Actor {
    const { model } = this.options;
    const { scope } = run;
    let acting: Promise<ActingPerson> | undefined;
    return {
      // The person's sign-in where this replica has it; otherwise (another
      // replica started the run and stopped) this plugin acts for the
      // person the run recorded, whom the marketplace holds to their team.
      marketplaceCaller: () => {
        const signIn = context.signIn();
        return signIn && signIn.principal.userEntityRef === run.actor
          ? signIn
          : { actingFor: run.actor };
      },
      acting: () =>
        (acting ??= scope
          ? model
              .person(run.actor)
              .then(person => new ActingPerson(person, model, scope))
          : Promise.reject(
              new Error(
                'This run was recorded before runs kept where they act on the clusters; retry it',
              ),
            )),
    };
  }

  private async act(item: DecommissionRunItem, actor: Actor): Promise<string> {
    const { target } = item;
    switch (target.type) {
      case 'kubernetes':
        return this.options.kubernetes.remove(
          target,
          await actor.acting(),
          item.entityRef,
        );
      case 'middleware':
        return this.options.middleware.remove(
          target,
          actor.marketplaceCaller(),
        );
      case 'repository':
        return this.options.repositories.archive(target);
      case 'location':
        return this.options.entities.unregister(target);
      case 'entity':
        return this.options.entities.delete(target);
      default:
        return Promise.reject(new Error(`Nothing to do for ${item.key}`));
    }
  }
}
