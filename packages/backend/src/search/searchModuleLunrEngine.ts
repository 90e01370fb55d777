import {
  coreServices,
  createBackendModule,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';

/**
 * Backstage's in-memory Lunr engine, except that a query for document types
 * none of which has documents answers no results, as the PostgreSQL engine
 * does, instead of a `MissingIndexError` (which the search router answers
 * with 500). Lunr builds no index for a type whose collator found nothing —
 * TechDocs with no documented entity, or any type before its first run — and
 * the search page asks every result type for its count.
 */
export class EmptyTypesLunrSearchEngine extends LunrSearchEngine {
  async query(query: Parameters<LunrSearchEngine['query']>[0]) {
    try {
      return await super.query(query);
    } catch (error) {
      if (error instanceof MissingIndexError) {
        return { results: [], numberOfResults: 0 };
      }
      throw error;
    }
  }
}

/** The document types the backend collates (packages/backend/src/index.ts). */
const INDEXED_TYPES = ['software-catalog', 'techdocs'];

/** The scheduler task that indexes `type` (the search backend's IndexBuilder names it so). */
export function indexTaskId(type: string): string {
  return `search_index_${type.replace('-', '_').toLowerCase()}`;
}

/**
 * Asks for each type's indexing to run now. The Lunr index lives in memory
 * while the scheduler keeps each task's next run in the database: after a
 * restart the index was empty, and search answered nothing, until the next
 * run came due (up to the collators' 10 minutes). A task the database does
 * not have yet runs at once when scheduled anyway; one marked running (by a
 * process that was killed) runs when its timeout frees it.
 */
export async function reindexNow(
  scheduler: SchedulerService,
  logger: LoggerService,
  types: string[] = INDEXED_TYPES,
): Promise<void> {
  for (const type of types) {
    try {
      await scheduler.triggerTask(indexTaskId(type));
    } catch (error) {
      if (
        !isError(error) ||
        !['NotFoundError', 'ConflictError'].includes(error.name)
      ) {
        throw error;
      }
      logger.info(`Search index for ${type} not triggered: ${error.message}`);
    }
  }
}

/**
 * The search engine where PostgreSQL is not the database (SQLite in local
 * use): {@link EmptyTypesLunrSearchEngine}, indexed anew at every start
 * ({@link reindexNow}). With PostgreSQL, the `search-backend-module-pg`
 * engine serves, and this module sets nothing.
 */
export const searchModuleLunrEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'paasport-lunr-engine',
  register(reg) {
    reg.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ searchEngineRegistry, database, logger, scheduler }) {
        if (await PgSearchEngine.supported(database)) return;
        searchEngineRegistry.setSearchEngine(
          new EmptyTypesLunrSearchEngine({ logger }),
        );
        // Before the search plugin schedules its tasks: scheduling keeps the
        // earlier of the stored next run and its own.
        await reindexNow(scheduler, logger);
      },
    });
  },
});
