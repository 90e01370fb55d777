import type { RepositoryProvider } from '../repositories/RepositoryHost';

/**
 * Which identity a task used for a Kubernetes object.
 *
 * @public
 */
export type KubernetesActor = 'platform' | 'initiator';

/**
 * Something a task created outside the portal, described well enough for the
 * undo step to find and delete it later, from another process if need be.
 *
 * @public
 */
export type LedgerResource =
  | {
      type: 'kubernetes';
      cluster: string;
      apiVersion: string;
      kind: string;
      namespace?: string;
      name: string;
      /**
       * The uid the object got when this task created it: undo deletes that
       * object only, never a newer one of the same name. Missing only in
       * entries recorded before Paasport kept uids.
       */
      uid?: string;
      /**
       * Who created it, and so who removes it: `platform` (the portal's
       * identity: the team namespace, its quota, limits and team binding, a
       * listener's role bindings) or `initiator` (the person who started the
       * task, impersonated). Entries without it predate impersonation.
       */
      actor?: KubernetesActor;
      /**
       * One of the platform's objects made with the team namespace (its
       * quota, limits, team binding): undone with the namespace, never on
       * its own, so a namespace that stays keeps them.
       */
      withNamespace?: boolean;
    }
  | {
      /** `<provider>-repository`, the provider of {@link RepositoryProvider}. */
      type: 'gitea-repository' | 'github-repository';
      host: string;
      owner: string;
      repo: string;
      /**
       * When validation saw the name free. Undo removes the repository only if
       * its host says it was created after this moment.
       */
      freeAt: string;
    }
  | {
      type: 'gitea-webhook' | 'github-webhook';
      host: string;
      owner: string;
      repo: string;
      hookId: number;
    }
  | {
      type: 'catalog-location';
      /** The location target, e.g. the repository's catalog-info.yaml URL. */
      target: string;
      /** The entity the location was expected to yield. */
      entityRef: string;
    };

/**
 * The state of a ledger entry.
 *
 * - `created`: made by this task; undo removes it.
 * - `intended`: checked free before a standard action (publish, register)
 *   that does not report to the ledger; undo removes it only if it exists and
 *   was made after the check.
 * - `removed`, `gone`, `failed`, `kept`: what undo did.
 *
 * @public
 */
export type LedgerStatus =
  | 'created'
  | 'intended'
  | 'removed'
  | 'gone'
  | 'failed'
  | 'kept';

/**
 * One entry of a task's ledger.
 *
 * @public
 */
export interface LedgerEntry {
  seq: number;
  taskId: string;
  /** The user who started the task: undo acts as them. */
  initiator?: string;
  stepId?: string;
  resource: LedgerResource;
  status: LedgerStatus;
  message?: string;
  createdAt: Date;
  /** The replica (process) that ran the step which recorded it. */
  recordedBy?: string;
  /** Who last settled it: a replica's undo step or a sweep's claim. */
  undoneBy?: string;
}

/**
 * Stable identity of a resource within a task: recording it twice (a retried
 * step) yields one entry.
 *
 * @public
 */
export function resourceKey(resource: LedgerResource): string {
  switch (resource.type) {
    case 'kubernetes':
      return [
        'kubernetes',
        resource.cluster,
        resource.apiVersion,
        resource.kind,
        resource.namespace ?? '',
        resource.name,
      ].join('/');
    case 'gitea-repository':
    case 'github-repository':
      return [resource.type, resource.host, resource.owner, resource.repo]
        .join('/')
        .toLowerCase();
    case 'gitea-webhook':
    case 'github-webhook':
      return [
        resource.type,
        resource.host,
        resource.owner,
        resource.repo,
        resource.hookId,
      ]
        .join('/')
        .toLowerCase();
    case 'catalog-location':
      return `catalog-location/${resource.target}`;
    default:
      throw new Error(`Unknown ledger resource ${JSON.stringify(resource)}`);
  }
}

/**
 * How a resource is named in the task log.
 *
 * @public
 */
export function describeResource(resource: LedgerResource): string {
  switch (resource.type) {
    case 'kubernetes':
      return `${resource.kind} ${
        resource.namespace ? `${resource.namespace}/` : ''
      }${resource.name} on cluster ${resource.cluster}`;
    case 'gitea-repository':
    case 'github-repository':
      return `repository ${resource.owner}/${resource.repo} on ${resource.host}`;
    case 'gitea-webhook':
    case 'github-webhook':
      return `webhook ${resource.hookId} of ${resource.owner}/${resource.repo} on ${resource.host}`;
    case 'catalog-location':
      return `catalog location ${resource.target} (${resource.entityRef})`;
    default:
      return JSON.stringify(resource);
  }
}

/**
 * The repository host of a repository or webhook entry.
 *
 * @public
 */
export function providerOf(
  resource: Extract<
    LedgerResource,
    { type: `${RepositoryProvider}-${'repository' | 'webhook'}` }
  >,
): RepositoryProvider {
  return resource.type.startsWith('github-') ? 'github' : 'gitea';
}
