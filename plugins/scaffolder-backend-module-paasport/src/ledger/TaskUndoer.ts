import { AuthService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Person } from '@paasport/kubernetes-node';
import { ClusterAccess } from '../kubernetes/ClusterAccess';
import { repositoryHost } from '../repositories/repositoryHostFor';
import { TenancyModel } from '../services/TeamPlacements';
import { describeResource, LedgerEntry, providerOf } from './resources';
import { TaskLedger } from './TaskLedger';
import {
  companionOutcome,
  companionsOf,
  isNamespace,
  isNamespaceCompanion,
  namespaceEntryOf,
  SettledOutcome,
} from './namespaceCompanions';
import { undoKubernetesObject, UndoOutcome } from './undoKubernetes';
import { UndoGuard, UndoLeaseLostError } from './UndoLease';

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
 * @remarks
 * Kubernetes objects are removed as whoever made them: the person who
 * started the task (read from the ledger, so the sweep can do it later from
 * another process), impersonated, or the platform for its own objects; each
 * delete names the uid recorded at creation. Repositories, webhooks and
 * catalog locations are removed with the module's own credentials, and only
 * those the ledger says this task created.
 *
 * A sweep passes the {@link UndoGuard} of its claim: before each entry the
 * lease must still hold, and each ledger write is guarded by it, so a sweep
 * that lost its task to another replica stops instead of carrying on beside
 * it (an entry both reach is removed by uid once; the other finds it gone).
 *
 * @public
 */
export class TaskUndoer {
  constructor(
    private readonly deps: {
      ledger: TaskLedger;
      access: ClusterAccess;
      model: Pick<TenancyModel, 'person'>;
      integrations: ScmIntegrationRegistry;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  async undo(
    taskId: string,
    log: (line: string) => void,
    options: { guard?: UndoGuard } = {},
  ): Promise<UndoReport> {
    const { guard } = options;
    const report: UndoReport = {
      removed: [],
      notThere: [],
      kept: [],
      failed: [],
    };
    const all = await this.deps.ledger.entries(taskId);
    const entries = all.filter(e =>
      ['created', 'intended', 'failed'].includes(e.status),
    );
    const initiator = await this.deps.ledger.initiatorOf(taskId);
    let person: Promise<Person | undefined> | undefined;
    const initiatorPerson = () =>
      (person ??= initiator
        ? this.deps.model.person(initiator)
        : Promise.resolve(undefined));
    if (entries.length === 0) {
      log('Undo: this task recorded nothing to remove');
      return report;
    }
    const settle = (entry: LedgerEntry, outcome: SettledOutcome) =>
      this.settle(entry, outcome, report, log, guard);
    for (const entry of entries) {
      guard?.assertHeld();
      if (isNamespaceCompanion(entry)) {
        // A team namespace's quota, limits and binding follow the namespace:
        // removing them from a namespace that stays would leave whoever else
        // works there without them.
        const namespace = namespaceEntryOf(entry, all);
        if (namespace && entries.includes(namespace)) continue;
        await settle(
          entry,
          namespace
            ? companionOutcome(namespace)
            : {
                status: 'kept',
                message:
                  'kept: part of the team namespace, which this task did not create',
              },
        );
        continue;
      }
      let outcome: SettledOutcome;
      try {
        outcome = await this.undoOne(entry, all, initiatorPerson);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = { status: 'failed', message };
      }
      await settle(entry, outcome);
      if (isNamespace(entry)) {
        for (const companion of companionsOf(entry, entries)) {
          await settle(companion, companionOutcome(outcome));
        }
      }
    }
    log(
      `Undo finished: ${report.removed.length} removed, ${report.notThere.length} not there, ${report.kept.length} kept, ${report.failed.length} could not be removed`,
    );
    return report;
  }

  private async settle(
    entry: LedgerEntry,
    outcome: SettledOutcome,
    report: UndoReport,
    log: (line: string) => void,
    guard?: UndoGuard,
  ): Promise<void> {
    const what = describeResource(entry.resource);
    let { status, message } = outcome;
    const writeOptions = guard ? { leaseOwner: guard.owner } : {};
    let written = true;
    if (status !== 'failed') {
      try {
        written = await this.deps.ledger.settle(
          entry.seq,
          status,
          message,
          writeOptions,
        );
      } catch (error) {
        // Done on the cluster, but undo must know it next time: say so.
        status = 'failed';
        message = `${message}, but the ledger could not record it: ${error}`;
      }
    } else {
      written = await this.deps.ledger
        .settle(entry.seq, status, message, writeOptions)
        .catch(() => true);
    }
    if (guard && !written) {
      // Another replica holds the task now; its undo records this entry.
      log(`Undo: ${what}: ${message}, but this undo no longer holds the task`);
      throw new UndoLeaseLostError(entry.taskId, guard.owner);
    }
    if (status === 'failed') {
      report.failed.push(`${what}: ${message}`);
      log(`Undo: could NOT remove ${what}: ${message}`);
      return;
    }
    const line = `${what}: ${message}`;
    if (status === 'removed') report.removed.push(what);
    else if (status === 'kept') report.kept.push(line);
    else report.notThere.push(what);
    log(`Undo: ${line}`);
  }

  private async undoOne(
    entry: LedgerEntry,
    entries: LedgerEntry[],
    person: () => Promise<Person | undefined>,
  ): Promise<UndoOutcome> {
    const resource = entry.resource;
    switch (resource.type) {
      case 'kubernetes':
        return undoKubernetesObject({
          resource,
          entries,
          access: this.deps.access,
          person,
        });
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
