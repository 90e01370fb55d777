import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  decommissionEntityExecutePermission,
  DecommissionPlan,
  DecommissionRun,
  DecommissionStartResponse,
  StartDecommissionRequest,
} from '@paasport/plugin-decommission-common';
import { ApplicationModel } from '@paasport/kubernetes-node';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { audited } from '@paasport/plugin-paasport-node';
import {
  DatabaseDecommissionStore,
  StoredRun,
} from '../database/DecommissionStore';
import { DecommissionPlanner } from './DecommissionPlanner';
import { DecommissionRunner, RunContext } from './run/DecommissionRunner';
import { ActingPerson } from './scope/ActingPerson';
import { DecommissionScope } from './scope/DecommissionScope';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * Preview, start, retry and reports of decommissions: the permission checks,
 * the tenancy checks, the audit trail and the background runs.
 *
 * @remarks
 * Two checks guard every start and retry: the permission
 * `decommission.entity.execute` on every entity in scope (the policy decides
 * from the sign-in token), then the application model's, from trusted data
 * only: the person must be a member of the owner team (or an admin) of
 * every namespace the scope holds. The clusters check a third time, since
 * everything is listed and deleted as the person.
 *
 * @internal
 */
export class DecommissionService {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly options: {
      planner: DecommissionPlanner;
      runner: DecommissionRunner;
      store: DatabaseDecommissionStore;
      model: Pick<ApplicationModel, 'person' | 'assertMayAct'>;
      permissions: PermissionsService;
      auditor: AuditorService;
      logger: LoggerService;
      /** A running run without progress for this long is interrupted. */
      interruptedAfterMs: number;
    },
  ) {}

  /**
   * What a decommission would do; where the person may not act, the plan
   * lists nothing and a blocker says why.
   */
  async preview(
    ref: CompoundEntityRef,
    credentials: UserCredentials,
  ): Promise<DecommissionPlan> {
    const { planner } = this.options;
    const scope = await planner.resolveScope(ref, credentials);
    const acting = await this.actingPerson(scope, credentials);
    return (await planner.planScope(scope, credentials, acting)).plan;
  }

  /**
   * Starts the decommission the user previewed and confirmed. A second
   * request while it runs gets the same run back.
   */
  async start(
    ref: CompoundEntityRef,
    body: StartDecommissionRequest,
    credentials: UserCredentials,
    request: Request,
  ): Promise<DecommissionStartResponse> {
    const { planner, store } = this.options;
    const entityRef = stringifyEntityRef(ref);
    return audited(
      this.options,
      {
        eventId: 'decommission-start',
        severityLevel: 'high',
        request,
        meta: { entityRef },
      },
      async meta => {
        const scope = await planner.resolveScope(ref, credentials);
        if (body.confirmation !== scope.root.metadata.name) {
          throw new InputError(
            `Type the name '${scope.root.metadata.name}' to confirm the decommission`,
          );
        }
        if (scope.clusters.problems.length > 0) {
          meta.notLookedUp = scope.clusters.problems;
        }
        await this.authorize(scope, credentials);
        const acting = await this.actingPerson(scope, credentials);
        acting.assertMayActEverywhere();
        const { plan } = await planner.planScope(scope, credentials, acting);
        if (plan.blockers.length > 0) {
          throw new ConflictError(
            `The decommission cannot run: ${plan.blockers.join('; ')}`,
          );
        }
        if (plan.fingerprint !== body.fingerprint) {
          throw new ConflictError(
            'What the decommission would remove changed since the preview; review it again',
          );
        }
        const { run, created } = await store.createRun({
          id: randomUUID(),
          entityRef: scope.rootRef,
          kind: scope.kind,
          actor: credentials.principal.userEntityRef,
          items: plan.items,
        });
        meta.runId = run.id;
        meta.created = created;
        meta.items = plan.items.filter(i => i.action !== 'none').length;
        if (created) {
          this.execute(run.id, credentials, scope.clusters);
        }
        return { run: this.present(run), created };
      },
    );
  }

  /** Runs what is left of a failed or interrupted run. */
  async retry(
    id: string,
    credentials: UserCredentials,
    request: Request,
  ): Promise<DecommissionStartResponse> {
    const { planner, store } = this.options;
    return audited(
      this.options,
      {
        eventId: 'decommission-retry',
        severityLevel: 'high',
        request,
        meta: { runId: id },
      },
      async meta => {
        const stored = await store.getRun(id);
        if (!stored) throw new NotFoundError(`No decommission run ${id}`);
        meta.entityRef = stored.entityRef;
        const run = this.present(stored);
        if (run.status === 'running' || run.status === 'succeeded') {
          throw new ConflictError(`The decommission run is ${run.status}`);
        }
        let scope: DecommissionScope;
        try {
          scope = await planner.resolveScope(
            parseEntityRef(stored.entityRef),
            credentials,
          );
        } catch (error) {
          if (error instanceof NotFoundError) {
            throw new ConflictError(
              `${stored.entityRef} is no longer in the catalog; nothing is left to retry through it`,
            );
          }
          throw error;
        }
        await this.authorize(scope, credentials);
        (await this.actingPerson(scope, credentials)).assertMayActEverywhere();
        const staleBefore = new Date(
          Date.now() - this.options.interruptedAfterMs,
        );
        const claimed = await store.claimRetry(
          id,
          credentials.principal.userEntityRef,
          staleBefore,
        );
        if (!claimed) {
          throw new ConflictError(
            `Another decommission of ${stored.entityRef} is running, or this one changed meanwhile`,
          );
        }
        this.execute(id, credentials, scope.clusters);
        return { run: this.present((await store.getRun(id))!), created: true };
      },
    );
  }

  async getRun(id: string): Promise<DecommissionRun> {
    const run = await this.options.store.getRun(id);
    if (!run) throw new NotFoundError(`No decommission run ${id}`);
    return this.present(run);
  }

  async listRuns(ref: CompoundEntityRef): Promise<DecommissionRun[]> {
    const runs = await this.options.store.listRuns(stringifyEntityRef(ref));
    return runs.map(run => this.present(run));
  }

  /** Resolves once every background run has ended; for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** The user needs the permission on every entity the run removes. */
  private async authorize(
    scope: DecommissionScope,
    credentials: UserCredentials,
  ): Promise<void> {
    const refs = scope.entities.map(e => stringifyEntityRef(e));
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({
        permission: decommissionEntityExecutePermission,
        resourceRef,
      })),
      { credentials },
    );
    const denied = refs.filter(
      (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
    );
    if (denied.length > 0) {
      throw new NotAllowedError(
        `You may not decommission ${denied.join(', ')}`,
      );
    }
  }

  /** The person asking, as the application model knows them. */
  private async actingPerson(
    scope: DecommissionScope,
    credentials: UserCredentials,
  ): Promise<ActingPerson> {
    const { model } = this.options;
    const person = await model.person(credentials.principal.userEntityRef);
    return new ActingPerson(person, model, scope.clusters);
  }

  /**
   * Runs in the background, audited when it ends. The runner acts as the
   * run's stored actor, the person whose request got here.
   */
  private execute(
    runId: string,
    credentials: UserCredentials,
    clusters: RunContext['clusters'],
  ) {
    const { runner, logger } = this.options;
    const work = audited(
      this.options,
      {
        eventId: 'decommission-run',
        severityLevel: 'high',
        // No request here: the actor is recorded in the metadata.
        meta: { runId, actor: credentials.principal.userEntityRef },
      },
      async meta => {
        const run = await runner.run(runId, { credentials, clusters });
        const summary = summarize(run);
        meta.entityRef = run.entityRef;
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
    ).catch(error =>
      logger.warn(`Decommission run ${runId} did not finish: ${error}`),
    );
    this.inFlight.add(work);
    work.finally(() => this.inFlight.delete(work));
  }

  private present(run: StoredRun): DecommissionRun {
    const stale =
      run.status === 'running' &&
      Date.now() - Date.parse(run.updatedAt) > this.options.interruptedAfterMs;
    return {
      ...run,
      status: stale ? 'interrupted' : run.status,
      summary: summarize(run),
    };
  }
}

function summarize(run: StoredRun): DecommissionRun['summary'] {
  const summary = { pending: 0, done: 0, failed: 0, skipped: 0 };
  for (const item of run.items) summary[item.status]++;
  return summary;
}
