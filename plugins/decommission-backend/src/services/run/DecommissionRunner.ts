import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ApplicationModel, EntityScope } from '@paasport/kubernetes-node';
import {
  DecommissionRunItem,
  DecommissionStep,
} from '@paasport/plugin-decommission-common';
import {
  DatabaseDecommissionStore,
  StoredRun,
} from '../../database/DecommissionStore';
import { CatalogEntities } from '../catalog/CatalogEntities';
import { KubernetesRemover } from '../kubernetes/KubernetesRemover';
import { MarketplaceMiddleware } from '../middleware/MarketplaceMiddleware';
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
  credentials: BackstageCredentials;
  acting(): Promise<ActingPerson>;
}

/** Why catalog entries stay when something else could not be removed. */
export const CATALOG_KEPT =
  'Kept until everything before it is removed: discovery would re-add a service whose workloads still run, and the entity page is where the run is retried';

/**
 * What a run acts with, from the request that started or retried it.
 *
 * @internal
 */
export interface RunContext {
  /** For the marketplace, which checks its own permissions as the user. */
  credentials: BackstageCredentials;
  /** The application model's scope the request was checked against. */
  clusters: EntityScope;
}

/**
 * Carries out a run's items in order and records each outcome. Items that
 * are done are never touched again, so running a run twice (a retry) only
 * does what is left.
 *
 * @remarks
 * Runs in the background after the request answered. Cluster objects are
 * removed as the run's stored actor (who started it, or the last retry),
 * with their trusted teams read afresh: the clusters see and audit that
 * person, not the portal.
 *
 * @internal
 */
export class DecommissionRunner {
  constructor(
    private readonly options: {
      store: DatabaseDecommissionStore;
      kubernetes: KubernetesRemover;
      middleware: MarketplaceMiddleware;
      repositories: SourceRepositories;
      entities: CatalogEntities;
      model: Pick<ApplicationModel, 'person' | 'assertMayAct'>;
      logger: LoggerService;
    },
  ) {}

  async run(runId: string, context: RunContext): Promise<StoredRun> {
    const { store, model } = this.options;
    const run = await store.getRun(runId);
    if (!run) throw new Error(`No decommission run ${runId}`);
    let acting: Promise<ActingPerson> | undefined;
    const actor: Actor = {
      credentials: context.credentials,
      acting: () =>
        (acting ??= model
          .person(run.actor)
          .then(person => new ActingPerson(person, model, context.clusters))),
    };
    for (const item of run.items) {
      if (item.action === 'none' && item.status === 'pending') {
        await store.updateItem(runId, item.key, {
          status: 'skipped',
          outcome: 'left alone',
        });
      }
    }
    const open = (step: DecommissionStep) =>
      run.items.filter(
        i => i.step === step && i.action !== 'none' && i.status !== 'done',
      );

    let failures = 0;
    for (const step of STEPS_BEFORE_CATALOG) {
      for (const item of open(step)) {
        if (!(await this.attempt(runId, item, actor))) failures++;
      }
    }
    for (const item of open('catalog')) {
      if (failures > 0) {
        await store.updateItem(runId, item.key, {
          status: 'pending',
          error: CATALOG_KEPT,
        });
      } else if (!(await this.attempt(runId, item, actor))) {
        failures++;
      }
    }
    await store.finishRun(runId, failures > 0 ? 'failed' : 'succeeded');
    return (await store.getRun(runId))!;
  }

  /** Does one item; records and logs the outcome; false if it failed. */
  private async attempt(
    runId: string,
    item: DecommissionRunItem,
    actor: Actor,
  ): Promise<boolean> {
    const { store, logger } = this.options;
    try {
      const outcome = await this.act(item, actor);
      await store.updateItem(runId, item.key, { status: 'done', outcome });
      logger.info(`Decommission ${runId}: ${item.title}: ${outcome}`);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await store.updateItem(runId, item.key, {
        status: 'failed',
        error: message,
      });
      logger.warn(`Decommission ${runId}: ${item.title} failed: ${message}`);
      return false;
    }
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
        return this.options.middleware.remove(target, actor.credentials);
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
