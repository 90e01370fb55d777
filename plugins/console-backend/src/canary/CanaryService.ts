import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CanaryActionRequest,
  CanaryDetail,
  CanaryListResponse,
  canaryRequestSchema,
  consoleWorkloadCanaryPermission,
} from '@paasport/plugin-console-common';
import { ApplicationModel, Person } from '@paasport/kubernetes-node';
import { AuditMeta } from '@paasport/plugin-paasport-node';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ClusterCaches } from '../cache/ClusterCaches';
import { findWorkload } from '../entities/EntityWorkloads';
import { detectOwner } from '../rollback/ownership';
import { parseInput } from '../router/validation';
import { requirePermission } from '../auth/requirePermission';
import { CanaryRunner } from './CanaryRunner';
import { canaryDetail, canarySummary } from './canaryViews';
import {
  canaryPodTemplate,
  templateFingerprint,
} from './kubernetes/canaryTemplate';
import { canaryOwnerGuidance } from './canaryOwnerGuidance';
import { CanarySpec, canarySpecSchema, isTerminal, startCanary } from './plan';
import { CanaryStore, StoredCanary } from './store';

/** @internal */
export type CanaryStartInput = z.output<typeof canaryRequestSchema>;

/**
 * Canary releases of a Component's Deployments: start one, act on it, read
 * it. Every change is checked against the permission on the Component, the
 * tenancy model (the person's team holds the namespace) and, being made as
 * the person, the cluster's RBAC.
 *
 * @internal
 */
export class CanaryService {
  constructor(
    private readonly options: {
      caches: ClusterCaches;
      entities: ApplicationModel;
      permissions: PermissionsService;
      store: CanaryStore;
      runner: CanaryRunner;
    },
  ) {}

  async start(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    input: CanaryStartInput,
    audit: AuditMeta,
  ): Promise<CanaryDetail> {
    const { caches, entities, store, runner } = this.options;
    const spec: CanarySpec = parseInput(canarySpecSchema, input.spec, 'canary');
    const { components } = await entities.scopeOf(entity, credentials);
    const cache = await caches.read(input.cluster, c => c);
    const match = findWorkload(cache, components, {
      kind: 'Deployment',
      workload: input.name,
      namespace: input.namespace,
    });
    const entityRef = match.component.entityRef;
    audit.workloadEntityRef = entityRef;
    await requirePermission(
      this.options.permissions,
      { permission: consoleWorkloadCanaryPermission, resourceRef: entityRef },
      credentials,
    );
    const actor = credentials.principal.userEntityRef;
    const person = await entities.person(actor);
    entities.assertMayAct(
      person,
      match.component,
      input.cluster,
      input.namespace,
    );

    const what = `Deployment ${input.namespace}/${input.name}`;
    const running = await store.listActive({
      entityRefs: [entityRef],
      cluster: input.cluster,
    });
    const same = running.find(
      c => c.namespace === input.namespace && c.name === input.name,
    );
    if (same) {
      throw new ConflictError(
        `A canary of ${what} on ${input.cluster} is already running (started by ${same.actor}, ${same.message}); promote or abort it first`,
      );
    }

    const id = randomUUID();
    audit.canaryId = id;
    const draft = {
      id,
      cluster: input.cluster,
      namespace: input.namespace,
      name: input.name,
    };
    const deployments = runner.deployments(draft as StoredCanary, person);
    const stable = await deployments.readStable();
    const guidance = canaryOwnerGuidance(detectOwner(stable));
    if (guidance)
      throw new ConflictError(`Not starting a canary of ${what}: ${guidance}`);
    if (stable.spec.paused) {
      throw new ConflictError(
        `Not starting a canary of ${what}: the Deployment is paused`,
      );
    }
    const template = canaryPodTemplate(stable.spec.template, spec);
    // Found now, held by the first tick (see autoscalerTicks.ts).
    const autoscaler = await deployments.autoscaler.find(input.name);
    const now = new Date();
    let state;
    try {
      state = startCanary({
        originalReplicas: stable.spec.replicas ?? 1,
        stableTemplate: templateFingerprint(stable.spec.template),
        canaryTemplate: templateFingerprint(template),
        autoscaler,
        now,
      });
    } catch (error) {
      if (error instanceof RangeError) {
        throw new InputError(
          `Not starting a canary of ${what}: ${error.message}`,
        );
      }
      throw error;
    }

    const created = await deployments.createCanary(stable, template);
    let canary: StoredCanary;
    try {
      canary = await store.create({
        id,
        entityRef,
        cluster: input.cluster,
        namespace: input.namespace,
        name: input.name,
        canaryName: deployments.canaryName,
        spec,
        state,
        actor,
        impersonation: {
          userEntityRef: actor,
          groupEntityRefs: [...person.groups].sort(),
        },
        baseline: {
          uid: stable.metadata.uid,
          generation: stable.metadata.generation ?? 0,
          resourceVersion: stable.metadata.resourceVersion,
          replicas: stable.spec.replicas ?? 1,
          templateHash: state.stableTemplate,
        },
        nextRunAt: now.toISOString(),
        events: [
          {
            kind: 'started',
            actor,
            message: `started by ${actor}: ${input.reason}`,
            key: 'started',
            stepIndex: 0,
            at: now.toISOString(),
          },
        ],
        now,
      });
    } catch (error) {
      // Another replica started one for the same Deployment at the same
      // moment: what this request made must not stay behind.
      await deployments.deleteCanary().catch(() => undefined);
      throw error;
    }
    audit.canaryDeploymentUid = created.metadata.uid;
    return this.detail(canary, credentials);
  }

  async act(
    id: string,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: CanaryActionRequest,
    audit: AuditMeta,
  ): Promise<CanaryDetail> {
    const { store, runner } = this.options;
    const canary = await this.readable(id, credentials);
    audit.entityRef = canary.entityRef;
    audit.cluster = canary.cluster;
    audit.workload = `Deployment/${canary.namespace}/${canary.name}`;
    await requirePermission(
      this.options.permissions,
      {
        permission: consoleWorkloadCanaryPermission,
        resourceRef: canary.entityRef,
      },
      credentials,
    );
    const person = await this.mayAct(canary, credentials);
    const moved = await this.withFreshState(canary, current => {
      if (isTerminal(current.state.phase)) {
        throw new ConflictError(
          `This canary has already ${current.state.phase}; it takes no ${request.action}`,
        );
      }
      return runner.advance(
        current,
        {
          type: request.action,
          now: new Date(),
          by: person.userEntityRef,
          ...(request.comment && { comment: request.comment }),
        },
        { person },
      );
    });
    audit.phase = moved.phase;
    return this.detail((await store.get(id)) ?? moved, credentials);
  }

  /**
   * Runs `change` on the canary and, when the scheduler saved a tick in
   * between (the save's version check refuses the stale state), again on
   * the state it saved: a person's action is never lost to a tick.
   */
  private async withFreshState<T>(
    canary: StoredCanary,
    change: (current: StoredCanary) => Promise<T>,
  ): Promise<T> {
    let current = canary;
    for (let attempt = 1; ; attempt++) {
      try {
        return await change(current);
      } catch (error) {
        const latest = await this.options.store.get(canary.id);
        const moved = latest && latest.version !== current.version;
        if (!(error instanceof ConflictError) || !moved || attempt >= 5) {
          throw error;
        }
        current = latest;
      }
    }
  }

  async list(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<CanaryListResponse> {
    const { entities, store } = this.options;
    const scope = await entities.scopeOf(entity, credentials);
    const refs = scope.components.map(c => c.entityRef);
    const lists = await Promise.all(
      refs.map(ref => store.listForEntity(ref, { limit: 20 })),
    );
    const all = lists.flat().sort((a, b) => {
      const active = Number(!!a.finishedAt) - Number(!!b.finishedAt);
      return active || b.createdAt.localeCompare(a.createdAt);
    });
    const allowed = await this.allowedEntities(refs, credentials);
    return {
      canaries: all.map(c => canarySummary(c, allowed.has(c.entityRef))),
    };
  }

  async get(
    id: string,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<CanaryDetail> {
    return this.detail(await this.readable(id, credentials), credentials);
  }

  private async detail(
    canary: StoredCanary,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<CanaryDetail> {
    const { store } = this.options;
    const [read, allowed] = await Promise.all([
      store.getWithHistory(canary.id),
      this.allowedEntities([canary.entityRef], credentials),
    ]);
    // One version's state, verdicts and events (or, gone meanwhile, the
    // state the caller read).
    const { verdicts = [], events = [] } = read ?? {};
    return canaryDetail(
      read?.canary ?? canary,
      verdicts,
      events,
      allowed.has(canary.entityRef),
    );
  }

  /** The canary, if the person may see its Component. */
  private async readable(
    id: string,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<StoredCanary> {
    const canary = await this.options.store.get(id);
    // Not found and not visible read the same: ids reveal nothing.
    const hidden = new NotFoundError(`No canary ${id}`);
    if (!canary) throw hidden;
    try {
      await this.options.entities.scopeOf(
        parseEntityRef(canary.entityRef),
        credentials,
      );
    } catch (error) {
      if (error instanceof NotFoundError) throw hidden;
      throw error;
    }
    return canary;
  }

  private async mayAct(
    canary: StoredCanary,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Person> {
    const { entities } = this.options;
    const { components } = await entities.scopeOf(
      parseEntityRef(canary.entityRef),
      credentials,
    );
    const component = components.find(c => c.entityRef === canary.entityRef);
    if (!component) throw new NotFoundError(`No canary ${canary.id}`);
    const person = await entities.person(credentials.principal.userEntityRef);
    entities.assertMayAct(person, component, canary.cluster, canary.namespace);
    return person;
  }

  private async allowedEntities(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (!refs.length) return new Set();
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({
        permission: consoleWorkloadCanaryPermission,
        resourceRef,
      })),
      { credentials },
    );
    return new Set(
      refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
    );
  }
}
