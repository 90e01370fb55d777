import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  consoleWorkloadForceRollbackPermission,
  consoleWorkloadRollbackPermission,
  rollbackRequestSchema,
  RollbackResponse,
} from '@paasport/plugin-console-common';
import {
  ApplicationModel,
  CANARY_ID_ANNOTATION,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuditMeta } from '@paasport/plugin-paasport-node';
import { requirePermission } from '../auth/requirePermission';
import { ClusterCaches } from '../cache/ClusterCaches';
import { findWorkload } from '../entities/EntityWorkloads';
import { sameTemplate } from '../releases/templateDiff';
import { deploymentTarget } from './deploymentRollback';
import { detectOwner, ownerGuidance } from './ownership';
import { RollbackTarget } from './RollbackTarget';
import { FIELD_MANAGER } from './kubernetesErrors';
import { DatabaseRollbackStore } from './RollbackStore';
import { statefulSetTarget } from './statefulSetRollback';

/** @internal */
export type RollbackInput = z.output<typeof rollbackRequestSchema>;

const targets: Record<
  RollbackInput['kind'],
  (
    objects: KubernetesObjects,
    namespace: string,
    name: string,
  ) => Promise<RollbackTarget>
> = { Deployment: deploymentTarget, StatefulSet: statefulSetTarget };

/**
 * Rolls a Deployment or StatefulSet back to the pod template of an earlier
 * revision, the way `kubectl rollout undo --to-revision` does, with the
 * checks kubectl lacks.
 *
 * @internal
 */
export class RollbackService {
  constructor(
    private readonly options: {
      caches: ClusterCaches;
      entities: ApplicationModel;
      permissions: PermissionsService;
      store: DatabaseRollbackStore;
    },
  ) {}

  /**
   * @param audit - filled with what the rollback learns (revisions, owner),
   *   so the caller's audit event carries it on success and on failure.
   */
  async rollback(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    input: RollbackInput,
    audit: AuditMeta,
  ): Promise<RollbackResponse> {
    const { caches, entities, store } = this.options;
    const { components } = await entities.scopeOf(entity, credentials);
    const cache = await caches.read(input.cluster, c => c);
    // The workload must belong to the entity: the entity permission covers it.
    const match = findWorkload(cache, components, {
      kind: input.kind,
      workload: input.name,
      namespace: input.namespace,
    });
    const entityRef = match.component.entityRef;
    audit.workloadEntityRef = entityRef;
    await requirePermission(
      this.options.permissions,
      { permission: consoleWorkloadRollbackPermission, resourceRef: entityRef },
      credentials,
    );
    // The policy said yes from the token's claims; the tenancy model checks
    // the same boundary from trusted data, and the cluster checks it again:
    // everything below is read and written as the person.
    const actor = credentials.principal.userEntityRef;
    const person = await entities.person(actor);
    entities.assertMayAct(
      person,
      match.component,
      input.cluster,
      match.object.metadata.namespace ?? '',
    );
    const objects = entities.objectsFor(input.cluster, person, FIELD_MANAGER);

    const { namespace, name, kind } = input;
    const what = `${kind} ${namespace}/${name}`;
    const target = await targets[kind](objects, namespace, name);
    const fromRevision = target.currentRevision ?? 0;
    audit.fromRevision = fromRevision;
    if (target.notRollingOut) {
      throw new ConflictError(target.notRollingOut);
    }
    const canaryId = target.object.metadata.annotations?.[CANARY_ID_ANNOTATION];
    if (canaryId) {
      // Its template is the release under test; its owner is the canary.
      throw new ConflictError(
        `${what} is the canary Deployment of canary ${canaryId}: abort or promote the canary instead of rolling it back`,
      );
    }
    const owner = detectOwner(target.object);
    audit.owner = owner.manager;
    if (owner.manager !== 'none') {
      if (!input.force) {
        throw new ConflictError(
          `Not rolling back ${namespace}/${name}: ${ownerGuidance(owner)}. ` +
            'An admin can force it.',
        );
      }
      await requirePermission(
        this.options.permissions,
        { permission: consoleWorkloadForceRollbackPermission },
        credentials,
      );
    }

    const template = target.templates.get(input.toRevision);
    if (!target.templates.has(input.toRevision)) {
      const kept = [...target.templates.keys()]
        .sort((a, b) => a - b)
        .join(', ');
      throw new NotFoundError(
        `${what} has no revision ${input.toRevision} (kept: ${kept || 'none'})`,
      );
    }
    if (!template) {
      throw new InputError(
        `Revision ${input.toRevision} of ${what} holds no pod template to restore`,
      );
    }
    if (sameTemplate(template, target.object.spec.template)) {
      audit.outcome = 'noop';
      return {
        outcome: 'noop',
        currentRevision: fromRevision,
        message: `${what} already runs the pod template of revision ${input.toRevision}`,
      };
    }

    // After the checks above, which hold whatever the version: the
    // controller's status updates alone move the resourceVersion.
    const { resourceVersion } = target.object.metadata;
    if (resourceVersion !== input.resourceVersion) {
      throw new ConflictError(
        `${what} changed since it was loaded ` +
          `(resourceVersion ${input.resourceVersion}, now ${resourceVersion}); ` +
          'nothing was changed, reload and try again',
      );
    }
    const generation = await target.apply({
      toRevision: input.toRevision,
      resourceVersion: input.resourceVersion,
      changeCause: `rollback to revision ${input.toRevision} by ${actor}: ${input.reason}`,
    });
    const now = new Date().toISOString();
    const rollback = {
      id: randomUUID(),
      entityRef,
      cluster: input.cluster,
      namespace: input.namespace,
      kind: input.kind,
      name: input.name,
      fromRevision,
      toRevision: input.toRevision,
      targetGeneration: generation,
      reason: input.reason,
      actor,
      forced: owner.manager !== 'none',
      status: 'progressing' as const,
      message:
        kind === 'Deployment'
          ? 'waiting for the new ReplicaSet to become available'
          : 'waiting for the updated pods to become ready',
      createdAt: now,
      updatedAt: now,
    };
    await store.insert(rollback);
    audit.outcome = 'started';
    audit.rollbackId = rollback.id;
    const { targetGeneration: _, ...status } = rollback;
    return { outcome: 'started', rollback: status };
  }
}
