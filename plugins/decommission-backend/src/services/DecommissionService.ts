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
import { DecommissionWorker } from './run/DecommissionWorker';
import { summarize } from './run/summary';
import { ActingPerson } from './scope/ActingPerson';
import { DecommissionScope } from './scope/DecommissionScope';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * Preview, start, retry and reports of decommissions: the permission checks,
 * the tenancy checks and the audit trail. A start or retry only records the
 * run; a {@link DecommissionWorker} (on this replica first, on any replica
 * if this one stops) carries it out.
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
  constructor(
    private readonly options: {
      planner: DecommissionPlanner;
      worker: DecommissionWorker;
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
    const { planner, store, worker } = this.options;
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
        const id = randomUUID();
        // Before the run is recorded, so that it is there when it is claimed.
        worker.holdSignIn(id, credentials);
        const { run, created } = await store
          .createRun({
            id,
            entityRef: scope.rootRef,
            kind: scope.kind,
            actor: credentials.principal.userEntityRef,
            items: plan.items,
            scope: scope.clusters,
            reserveFor: worker.reservation(),
          })
          .catch(error => {
            worker.dropSignIn(id);
            throw error;
          });
        meta.runId = run.id;
        meta.created = created;
        meta.items = plan.items.filter(i => i.action !== 'none').length;
        if (created) {
          this.kick();
        } else {
          worker.dropSignIn(id);
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
    const { planner, store, worker } = this.options;
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
        worker.holdSignIn(id, credentials);
        const claimed = await store
          .claimRetry(id, credentials.principal.userEntityRef, staleBefore, {
            scope: scope.clusters,
            reserveFor: worker.reservation(),
          })
          .catch(error => {
            worker.dropSignIn(id);
            throw error;
          });
        if (!claimed) {
          worker.dropSignIn(id);
          throw new ConflictError(
            `Another decommission of ${stored.entityRef} is running, or this one changed meanwhile`,
          );
        }
        // Work on it here that made no progress gives way to the retry.
        worker.abandon(id);
        this.kick();
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

  /**
   * Resolves once no run is claimed or running in this process (runs
   * started here are claimed here first); for tests.
   */
  drain(): Promise<void> {
    return this.options.worker.drain();
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

  /** The run is reserved for this replica's worker: start it at once. */
  private kick() {
    this.options.worker.poll().catch(() => undefined);
  }

  private present(run: StoredRun): DecommissionRun {
    const stale =
      run.status === 'running' &&
      Date.now() - Date.parse(run.updatedAt) > this.options.interruptedAfterMs;
    // Where it acts and who holds it stay inside the backend.
    const { scope: _scope, leaseOwner: _leaseOwner, ...shown } = run;
    return {
      ...shown,
      status: stale ? 'interrupted' : run.status,
      summary: summarize(run),
    };
  }
}
