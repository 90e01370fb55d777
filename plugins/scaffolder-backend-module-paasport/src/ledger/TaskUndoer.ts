import { AuthService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { repositoryHost } from '../repositories/repositoryHostFor';
import { ClusterObjects } from '../kubernetes/ClusterObjects';
import { describeResource, LedgerEntry, providerOf } from './resources';
import { TaskLedger } from './TaskLedger';

/**
 * What undo did, one line per resource as written to the task log.
 *
 * @public
 */
export interface UndoReport {
  removed: string[];
  /** Recorded but no longer there, or never made by a later step. */
  notThere: string[];
  /** Left alone on purpose (it predates the task). */
  kept: string[];
  failed: string[];
}

// The host's clock and the portal's may differ; a repository that validation saw
// missing and that now exists was created after validation anyway, so the
// comparison only needs to catch gross mistakes.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Removes what a task recorded in its ledger, newest first, and says what it
 * removed and what it could not. Every entry is attempted even if another
 * fails; entries already handled are skipped, so undo can be repeated.
 *
 * @public
 */
export class TaskUndoer {
  constructor(
    private readonly deps: {
      ledger: TaskLedger;
      objects: (cluster: string) => ClusterObjects | undefined;
      integrations: ScmIntegrationRegistry;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  async undo(taskId: string, log: (line: string) => void): Promise<UndoReport> {
    const report: UndoReport = {
      removed: [],
      notThere: [],
      kept: [],
      failed: [],
    };
    const entries = (await this.deps.ledger.entries(taskId)).filter(e =>
      ['created', 'intended', 'failed'].includes(e.status),
    );
    if (entries.length === 0) {
      log('Undo: this task recorded nothing to remove');
      return report;
    }
    for (const entry of entries) {
      const what = describeResource(entry.resource);
      try {
        const outcome = await this.undoOne(entry);
        await this.deps.ledger.settle(
          entry.seq,
          outcome.status,
          outcome.message,
        );
        const line = `${what}: ${outcome.message}`;
        if (outcome.status === 'removed') report.removed.push(what);
        else if (outcome.status === 'kept') report.kept.push(line);
        else report.notThere.push(what);
        log(`Undo: ${line}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await this.deps.ledger
          .settle(entry.seq, 'failed', message)
          .catch(() => undefined);
        report.failed.push(`${what}: ${message}`);
        log(`Undo: could NOT remove ${what}: ${message}`);
      }
    }
    log(
      `Undo finished: ${report.removed.length} removed, ${report.notThere.length} not there, ${report.kept.length} kept, ${report.failed.length} could not be removed`,
    );
    return report;
  }

  private async undoOne(
    entry: LedgerEntry,
  ): Promise<{ status: 'removed' | 'gone' | 'kept'; message: string }> {
    const resource = entry.resource;
    switch (resource.type) {
      case 'kubernetes': {
        const objects = this.deps.objects(resource.cluster);
        if (!objects) {
          throw new Error(
            `cluster ${resource.cluster} is no longer configured`,
          );
        }
        const result = await objects.delete(resource);
        return result === 'removed'
          ? { status: 'removed', message: 'removed' }
          : { status: 'gone', message: 'already gone' };
      }
      case 'gitea-webhook':
      case 'github-webhook': {
        const result = await repositoryHost(this.deps.integrations, {
          ...resource,
          provider: providerOf(resource),
        }).deleteHook(resource.hookId);
        return result === 'removed'
          ? { status: 'removed', message: 'removed' }
          : { status: 'gone', message: 'already gone' };
      }
      case 'gitea-repository':
      case 'github-repository': {
        const repository = repositoryHost(this.deps.integrations, {
          ...resource,
          provider: providerOf(resource),
        });
        const found = await repository.getRepository();
        if (!found) {
          return { status: 'gone', message: 'was not created' };
        }
        if (
          Date.parse(found.createdAt) <
          Date.parse(resource.freeAt) - CLOCK_SKEW_MS
        ) {
          return {
            status: 'kept',
            message: `kept: it was created at ${found.createdAt}, before this task checked the name was free`,
          };
        }
        await repository.deleteRepository();
        return { status: 'removed', message: 'removed' };
      }
      case 'catalog-location': {
        const credentials = await this.deps.auth.getOwnServiceCredentials();
        const { items } = await this.deps.catalog.getLocations(
          {},
          { credentials },
        );
        // The repository did not exist before this task, so every location
        // inside it was registered by this task.
        const ours = items.filter(l => l.target.startsWith(resource.target));
        for (const location of ours) {
          await this.deps.catalog.removeLocationById(location.id, {
            credentials,
          });
        }
        return ours.length
          ? {
              status: 'removed',
              message: `removed ${ours.length} location(s) and their entities`,
            }
          : { status: 'gone', message: 'was not registered' };
      }
      default:
        throw new Error('unknown resource type');
    }
  }
}
