import { NotAllowedError } from '@backstage/errors';
import { KubernetesObject, Person } from '@paasport/kubernetes-node';
import { ObjectLayer } from '../kubernetes/ClusterAccess';
import { ManifestObject, refOf } from '../kubernetes/manifests';
import { KubernetesActor } from '../ledger/resources';
import { TaskLedger } from '../ledger/TaskLedger';

/** Where a step records what it created. */
export interface TaskRecording {
  ledger: TaskLedger;
  taskId: string;
  stepId?: string;
  /** The user who started the task. */
  initiator: string;
}

/**
 * Says, in the template's terms, that the cluster refused the person: the
 * API server's 403 names the verb and resource but not why.
 */
export function personRefused(
  error: unknown,
  what: {
    file?: string;
    object: ManifestObject;
    cluster: string;
    namespace: string;
    person: Person;
    teamRole: string;
    afterWrites: boolean;
  },
): unknown {
  if ((error as Error)?.name !== 'NotAllowedError') return error;
  const { object, person } = what;
  const where = what.file ? `${what.file}: ` : '';
  const after = what.afterWrites
    ? "What this step applied before is removed by the task's undo step."
    : 'Nothing was applied.';
  return new NotAllowedError(
    `${where}${object.kind} ${object.metadata.name}: the cluster does not let ` +
      `${person.userEntityRef} manage ${object.kind} objects in namespace ` +
      `${what.namespace} on ${what.cluster} (the team role ${what.teamRole} ` +
      `does not include them; ask the platform team if your team needs them). ` +
      `${after} The cluster said: ${(error as Error).message}`,
    error,
  );
}

/**
 * Whether the object exists, read with the identity that will write it:
 * done for every object before the first write, so an object the identity
 * may not even read stops the step before anything is applied.
 */
export async function exists(
  objects: ObjectLayer,
  object: ManifestObject,
): Promise<boolean> {
  return !!(await objects.get<KubernetesObject>(refOf(object)));
}

/**
 * Server-side applies `object` and, if it did not exist before, records it
 * with its new uid and who made it: undoing the task removes exactly what it
 * made, as the same identity, and nothing it only updated.
 */
export async function applyAndRecord(options: {
  objects: ObjectLayer;
  recording: TaskRecording;
  cluster: string;
  object: ManifestObject;
  existed: boolean;
  actor: KubernetesActor;
  force?: boolean;
}): Promise<'created' | 'updated'> {
  const applied = await options.objects.apply(options.object, {
    force: options.force,
  });
  if (options.existed) return 'updated';
  await record(options, applied.metadata.uid);
  return 'created';
}

/**
 * Creates `object` unless one of its name exists (which is kept as it is,
 * never taken over) and records what it created, with its uid.
 */
export async function createAndRecord(options: {
  objects: ObjectLayer;
  recording: TaskRecording;
  cluster: string;
  object: ManifestObject;
  actor: KubernetesActor;
  /** Part of the team namespace: undone only with it. */
  withNamespace?: boolean;
}): Promise<'created' | 'exists'> {
  let created: KubernetesObject;
  try {
    created = await options.objects.create(options.object);
  } catch (error) {
    if ((error as Error)?.name === 'ConflictError') return 'exists';
    throw error;
  }
  await record(options, created.metadata.uid);
  return 'created';
}

async function record(
  options: {
    recording: TaskRecording;
    cluster: string;
    object: ManifestObject;
    actor: KubernetesActor;
    withNamespace?: boolean;
  },
  uid: string | undefined,
) {
  const { recording } = options;
  await recording.ledger.record(
    recording.taskId,
    {
      type: 'kubernetes',
      cluster: options.cluster,
      ...refOf(options.object),
      uid,
      actor: options.actor,
      ...(options.withNamespace && { withNamespace: true }),
    },
    { stepId: recording.stepId, initiator: recording.initiator },
  );
}
