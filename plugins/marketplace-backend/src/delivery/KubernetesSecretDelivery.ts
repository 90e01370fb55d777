import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApplicationModel,
  KubernetesClusters,
  kubernetesErrorStatus,
  KubernetesObject,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import {
  CREDENTIAL_SECRET_LABELS,
  CREDENTIAL_SECRET_MANAGER,
  CredentialDelivery,
  CredentialDeliveryRequest,
  CredentialSecretTarget,
  ProviderError,
} from '@paasport/plugin-marketplace-node';
import { secretManifest } from './secretManifest';

const TIMEOUT_MS = 15_000;

/**
 * Delivers binding credentials as Secrets in the team's namespace on the
 * binding's cluster, as the person who asked (Kubernetes impersonation).
 *
 * @remarks
 * The processor works in the background, so the person is the one recorded
 * with the binding (`actingFor`): their trusted groups come from the
 * application model, and the cluster's RBAC decides whether they may write
 * Secrets there (a team's role allows it in its own namespace only); its
 * audit log names them. The portal's own identity never touches Secrets.
 *
 * Writes are server-side applies with the field manager
 * `paasport-marketplace`. Before writing or deleting, the Secret is read:
 * one that exists without this binding's label is never overwritten or
 * deleted, and a delete names the uid it read. Credentials never reach a log
 * line or an error message: errors carry the API server's status message
 * only.
 */
export class KubernetesSecretDelivery implements CredentialDelivery {
  constructor(
    private readonly model: Pick<ApplicationModel, 'person' | 'objectsFor'>,
    private readonly clusters: KubernetesClusters,
    private readonly logger: LoggerService,
  ) {}

  async deliver(request: CredentialDeliveryRequest): Promise<void> {
    const objects = await this.objectsFor(request);
    const where = describe(request, objects);
    const existing = await this.read(objects, request);
    if (existing && !ownedBy(existing, request.bindingId)) {
      throw new ProviderError(
        `Secret ${where} already exists and does not belong to this binding; remove it or choose another binding name`,
        { retryable: false },
      );
    }
    try {
      // The Secret is verifiably ours (label above): our values win.
      await objects.apply(secretManifest(request), {
        force: true,
        timeoutMs: TIMEOUT_MS,
      });
    } catch (error) {
      throw apiFailure(error, `Writing Secret ${where}`);
    }
    this.logger.info(`Delivered credentials to Secret ${where}`);
  }

  async remove(target: CredentialSecretTarget): Promise<void> {
    const objects = await this.objectsFor(target);
    const where = describe(target, objects);
    let existing;
    try {
      existing = await this.read(objects, target);
    } catch (error) {
      // Deleted with its namespace (a decommission): the person may not
      // even look there any more, and there is nothing left to remove.
      if (
        kubernetesErrorStatus(error) === 403 &&
        (await namespaceGone(objects, target.namespace))
      ) {
        this.logger.info(`Secret ${where} went with its namespace`);
        return;
      }
      throw error;
    }
    if (!existing) return;
    if (!ownedBy(existing, target.bindingId)) {
      // Someone else's Secret took the name after ours was gone.
      this.logger.warn(
        `Not deleting Secret ${where}: it does not belong to binding ${target.bindingId}`,
      );
      return;
    }
    try {
      // Deletes exactly the object read, never a successor.
      await objects.delete(
        { ...secretRef(target), uid: existing.metadata.uid! },
        { timeoutMs: TIMEOUT_MS },
      );
    } catch (error) {
      throw apiFailure(error, `Deleting Secret ${where}`);
    }
    const after = await this.read(objects, target);
    if (after && ownedBy(after, target.bindingId)) {
      throw new ProviderError(
        `Secret ${where} still exists after deletion${
          after.metadata.deletionTimestamp ? ' (finalizers pending)' : ''
        }`,
        { retryable: true },
      );
    }
    this.logger.info(`Removed Secret ${where}`);
  }

  /** The object layer on the target's cluster, acting as its person. */
  private async objectsFor(
    target: CredentialSecretTarget,
  ): Promise<KubernetesObjects> {
    const all = this.clusters.list();
    // Without a name, only an unambiguous single cluster will do.
    const name = target.cluster ?? (all.length === 1 ? all[0].name : undefined);
    if (!name || !this.clusters.get(name)) {
      throw new ProviderError(
        target.cluster
          ? `Cluster '${target.cluster}' is not configured`
          : 'The binding names no cluster and several are configured',
        { retryable: false },
      );
    }
    if (!target.actingFor) {
      // Never fall back to the portal's own identity.
      throw new ProviderError(
        'The binding records nobody to write its Secret for',
        { retryable: false },
      );
    }
    let person;
    try {
      person = await this.model.person(target.actingFor);
    } catch (error) {
      throw new ProviderError(
        `Cannot tell who ${target.actingFor} is: ${(error as Error).message}`,
        { retryable: true, cause: error },
      );
    }
    return this.model.objectsFor(name, person, CREDENTIAL_SECRET_MANAGER);
  }

  /** The Secret as it is now, or undefined when there is none. */
  private async read(
    objects: KubernetesObjects,
    target: CredentialSecretTarget,
  ): Promise<KubernetesObject | undefined> {
    try {
      return await objects.get(secretRef(target), { timeoutMs: TIMEOUT_MS });
    } catch (error) {
      throw apiFailure(error, `Reading Secret ${describe(target, objects)}`);
    }
  }
}

/**
 * Whether a namespace is gone, asked with the portal's own identity, which
 * may read namespaces (never Secrets): a person is refused (403) even a
 * namespace that does not exist. An unanswered question counts as "not gone".
 */
async function namespaceGone(
  objects: KubernetesObjects,
  namespace: string,
): Promise<boolean> {
  const platform = new KubernetesObjects(objects.cluster, {
    fieldManager: CREDENTIAL_SECRET_MANAGER,
  });
  const found = await platform
    .get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })
    .catch(() => true);
  return !found;
}

function secretRef(target: CredentialSecretTarget) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: target.namespace,
    name: target.secretName,
  };
}

function ownedBy(secret: KubernetesObject, bindingId: string): boolean {
  return (
    secret.metadata.labels?.[CREDENTIAL_SECRET_LABELS.bindingId] === bindingId
  );
}

function describe(
  target: { namespace: string; secretName: string },
  objects: KubernetesObjects,
) {
  const as = objects.identity ? ` as ${objects.identity.user}` : '';
  return `${target.namespace}/${target.secretName} on ${objects.cluster.name}${as}`;
}

/**
 * A provider error from a failed API call: refusals the portal cannot fix by
 * retrying (the person may not, no such namespace, invalid object) fail the
 * binding; anything else (conflicts, timeouts, 5xx) is retried.
 *
 * @remarks
 * The object layer's messages name the call and carry the API server's
 * Status message, never the request body.
 */
function apiFailure(error: unknown, what: string): ProviderError {
  const status = kubernetesErrorStatus(error);
  const permanent =
    status === 400 || status === 403 || status === 404 || status === 422;
  const reason =
    status === 404
      ? 'the namespace does not exist'
      : (error as Error)?.message?.slice(0, 400) ?? 'failed';
  return new ProviderError(
    `${what}: ${status ? `HTTP ${status}: ` : ''}${reason}`,
    { retryable: !permanent, cause: error },
  );
}
