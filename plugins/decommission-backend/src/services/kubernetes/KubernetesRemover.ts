import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  ApplicationModel,
  KubernetesObjectRef,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { DecommissionTarget } from '@paasport/plugin-decommission-common';
import { ActingPerson } from '../scope/ActingPerson';
import {
  Binding,
  pipelineGrantNamespace,
  PipelineGrantRoles,
} from './pipelineGrants';
import { FIELD_MANAGER } from './planItems';
import { RESOURCE_KINDS, ResourceKind } from './resourceKinds';

type KubernetesTarget = Extract<DecommissionTarget, { type: 'kubernetes' }>;
type ExactRef = KubernetesObjectRef & { uid: string };

/**
 * Deletes the objects a plan lists, as the person who asked, and waits
 * until they are gone.
 *
 * @remarks
 * Every delete carries the uid the preview saw (the object layer sends it
 * as a precondition), so an object replaced since then is never deleted.
 * The only deletes not made as the person are the grants Paasport made for
 * a pipeline's account (people cannot change RBAC): those are the
 * platform's own objects, deleted as the platform's identity (the
 * ServiceAccount the portal impersonates, `model.platformObjects`) after
 * being re-read and re-checked right before. The portal's own token writes
 * nothing.
 *
 * @internal
 */
export class KubernetesRemover {
  constructor(
    private readonly options: {
      model: Pick<ApplicationModel, 'objectsFor' | 'platformObjects'>;
      grantRoles: PipelineGrantRoles;
      /** How long an object may take to disappear after the delete. */
      goneWaitMs: number;
      timeoutMs?: number;
      pollMs?: number;
    },
  ) {}

  /**
   * Deletes one object for `entityRef` (the Component or System the plan
   * gave it). Idempotent: an object that is already gone counts as removed.
   * Resolves with the outcome; throws when it is not gone.
   */
  async remove(
    target: KubernetesTarget,
    acting: ActingPerson,
    entityRef?: string,
  ): Promise<string> {
    const kind = RESOURCE_KINDS.find(
      k => k.kind === target.kind && k.apiVersion === target.apiVersion,
    );
    if (!kind) {
      throw new Error(`${target.apiVersion} ${target.kind} is not removable`);
    }
    const ref: ExactRef = {
      apiVersion: target.apiVersion,
      kind: target.kind,
      namespace: target.namespace,
      name: target.name,
      uid: target.uid,
    };
    const objects = kind.grant
      ? await this.platformFor(target, kind, acting, entityRef)
      : this.personFor(target, acting, entityRef);
    if (!objects) return 'already gone';
    let outcome: string;
    try {
      // Background: the object goes at once and the garbage collector
      // removes its ReplicaSets, Pods (a Job's too) after it.
      const deleted = await objects.delete(ref, {
        propagationPolicy: 'Background',
        timeoutMs: this.options.timeoutMs,
      });
      outcome = deleted === 'deleted' ? 'deleted' : 'already gone';
    } catch (error) {
      if (error instanceof ConflictError) throw replaced(target);
      throw error;
    }
    await this.waitUntilGone(objects, ref);
    return outcome;
  }

  /** The object layer as the person, after the portal's own check. */
  private personFor(
    target: KubernetesTarget,
    acting: ActingPerson,
    entityRef?: string,
  ): KubernetesObjects {
    if (!target.namespace) {
      throw new NotAllowedError(
        `${describe(
          target,
        )} is cluster-wide; people only remove objects in their team's namespaces`,
      );
    }
    acting.assertMayActIn(target.cluster, target.namespace, entityRef);
    return this.options.model.objectsFor(
      target.cluster,
      acting.person,
      FIELD_MANAGER,
    );
  }

  /**
   * The object layer as the platform, for a pipeline grant that is still
   * the one the preview saw and still only serves a pipeline account of a
   * namespace the person may act in; undefined when it is gone.
   */
  private async platformFor(
    target: KubernetesTarget,
    kind: ResourceKind,
    acting: ActingPerson,
    entityRef?: string,
  ): Promise<KubernetesObjects | undefined> {
    // The platform made the grant, so the platform removes it; the
    // cluster's guardrail lets it delete only bindings of these roles.
    const platform = this.options.model.platformObjects(
      target.cluster,
      FIELD_MANAGER,
    );
    const binding = await platform.get<Binding>(target, {
      timeoutMs: this.options.timeoutMs,
    });
    if (!binding) return undefined;
    if (binding.metadata.uid !== target.uid) throw replaced(target);
    const namespace = pipelineGrantNamespace(
      binding,
      kind.kind as 'RoleBinding' | 'ClusterRoleBinding',
      this.options.grantRoles,
    );
    if (!namespace) {
      throw new NotAllowedError(
        `${describe(
          target,
        )} is not a grant Paasport made for a pipeline account; it was not deleted`,
      );
    }
    acting.assertMayActIn(target.cluster, namespace, entityRef);
    return platform;
  }

  private async waitUntilGone(objects: KubernetesObjects, ref: ExactRef) {
    const deadline = Date.now() + this.options.goneWaitMs;
    for (;;) {
      const object = await objects.get(ref, {
        timeoutMs: this.options.timeoutMs,
      });
      if (!object) return;
      if (object.metadata.uid !== ref.uid) {
        throw new Error(
          `${describe(
            ref,
          )} was recreated after the delete (a GitOps tool or operator may manage it)`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${describe(ref)} is still terminating after ${Math.round(
            this.options.goneWaitMs / 1000,
          )} s (finalizers?); retry later`,
        );
      }
      await new Promise(r => setTimeout(r, this.options.pollMs ?? 500));
    }
  }
}

function describe(target: KubernetesObjectRef): string {
  return target.namespace
    ? `${target.kind} ${target.namespace}/${target.name}`
    : `${target.kind} ${target.name}`;
}

/** The uid precondition failed: the name now belongs to a newer object. */
function replaced(target: KubernetesTarget): ConflictError {
  return new ConflictError(
    `${describe(target)} on ${target.cluster} was replaced by a new object ` +
      `since the preview (which saw uid ${target.uid}); it was not deleted. ` +
      'Preview the decommission again to remove the new one',
  );
}
