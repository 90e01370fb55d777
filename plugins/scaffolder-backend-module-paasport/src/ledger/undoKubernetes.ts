import { Person } from '@paasport/kubernetes-node';
import { ClusterAccess, ObjectLayer } from '../kubernetes/ClusterAccess';
import { namespaceContents } from '../kubernetes/namespaceContents';
import { LedgerEntry, LedgerResource } from './resources';

type KubernetesResource = Extract<LedgerResource, { type: 'kubernetes' }>;

/** What undo did with one entry. */
export interface UndoOutcome {
  status: 'removed' | 'gone' | 'kept';
  message: string;
}

/**
 * Removes one Kubernetes object a task created: as the identity that made it
 * (the person who started the task, impersonated, or the platform for its
 * own objects), and only the object with the uid recorded at creation.
 *
 * @remarks
 * A Namespace is removed only if nothing in it is foreign to the task: undo
 * runs newest first, so the task's own objects are gone (or going) by then;
 * every namespaced kind the cluster serves is listed and anything this task
 * did not record, that no other object owns and that Kubernetes did not make
 * itself keeps the namespace, as does a kind that could not be listed.
 */
export async function undoKubernetesObject(options: {
  resource: KubernetesResource;
  /** Every entry of the task, for the uids it created. */
  entries: LedgerEntry[];
  access: ClusterAccess;
  /** The person who started the task; undefined if the ledger lacks it. */
  person: () => Promise<Person | undefined>;
}): Promise<UndoOutcome> {
  const { resource, access } = options;
  if (!access.names().includes(resource.cluster)) {
    throw new Error(`cluster ${resource.cluster} is no longer configured`);
  }
  if (!resource.uid) {
    return {
      status: 'kept',
      message:
        'kept: recorded before Paasport kept the uid of what it created, so it cannot be told from a newer object of the same name; remove it by hand if it is a leftover',
    };
  }
  const person = await options.person();
  let objects: ObjectLayer;
  if (resource.actor === 'platform') {
    objects = access.platform(resource.cluster);
  } else if (person) {
    objects = access.as(resource.cluster, person);
  } else {
    throw new Error(
      'the ledger does not say who started this task, and undo only removes what a person created as that person',
    );
  }
  if (resource.kind === 'Namespace' && resource.apiVersion === 'v1') {
    const kept = await foreignContents(options, person);
    if (kept) return kept;
  }
  try {
    const result = await objects.delete(
      { ...resource, uid: resource.uid },
      { propagationPolicy: 'Background' },
    );
    return result === 'deleted'
      ? { status: 'removed', message: 'removed' }
      : { status: 'gone', message: 'already gone' };
  } catch (error) {
    if (
      (error as Error)?.name === 'NotAllowedError' &&
      resource.actor !== 'platform' &&
      !(await stillThere(access, resource))
    ) {
      // The person's rights in a namespace end with it: after its namespace
      // went (a repeated undo), the cluster refuses rather than answer 404.
      return { status: 'gone', message: 'already gone' };
    }
    if ((error as Error)?.name === 'ConflictError') {
      return {
        status: 'kept',
        message: `kept: the name now belongs to a newer object this task did not create (${
          (error as Error).message
        })`,
      };
    }
    throw error;
  }
}

async function stillThere(
  access: ClusterAccess,
  resource: KubernetesResource,
): Promise<boolean> {
  try {
    return !!(await access.portal(resource.cluster).get(resource));
  } catch {
    return true; // cannot tell: report the refusal
  }
}

async function foreignContents(
  options: {
    resource: KubernetesResource;
    entries: LedgerEntry[];
    access: ClusterAccess;
  },
  person: Person | undefined,
): Promise<UndoOutcome | undefined> {
  const { resource, entries, access } = options;
  const cluster = resource.cluster;
  const ours = new Set(
    entries.flatMap(e =>
      e.resource.type === 'kubernetes' &&
      e.resource.cluster === cluster &&
      e.resource.uid
        ? [e.resource.uid]
        : [],
    ),
  );
  const contents = await namespaceContents({
    namespace: resource.name,
    kinds: await access.namespacedKinds(cluster),
    // The portal reads most kinds but no Secrets; the person reads their
    // team's Secrets.
    readers: [
      access.portal(cluster),
      ...(person ? [access.as(cluster, person)] : []),
    ],
    ours,
  });
  if (contents.foreign.length) {
    const shown = contents.foreign.slice(0, 5).join(', ');
    const more =
      contents.foreign.length > 5
        ? ` and ${contents.foreign.length - 5} more`
        : '';
    return {
      status: 'kept',
      message: `kept: it holds objects this task did not create (${shown}${more})`,
    };
  }
  if (contents.unchecked.length) {
    return {
      status: 'kept',
      message: `kept: could not check it for objects this task did not create; neither the portal nor the task's initiator may list ${contents.unchecked.join(
        ', ',
      )}`,
    };
  }
  return undefined;
}
