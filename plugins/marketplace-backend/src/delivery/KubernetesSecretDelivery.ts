import { LoggerService } from '@backstage/backend-plugin-api';
import type { V1Secret } from '@kubernetes/client-node';
import {
  KubernetesCluster,
  KubernetesClusters,
  kubernetesErrorStatus,
  loadClientNode,
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
 * binding's cluster, with the portal's identity from
 * `kubernetes.clusterLocatorMethods`.
 *
 * @remarks
 * Writes are server-side applies with the field manager
 * `paasport-marketplace`. Before writing or deleting, the Secret is looked
 * at: one that exists without this binding's label is never overwritten or
 * deleted. The portal's identity may only write Secrets in namespaces where
 * it was not granted `get` (write-only by design, see the devcluster's
 * portal RBAC); there an empty dry-run patch, which needs only `patch`,
 * shows the current object instead of a read. Credentials never reach a
 * log line or an error message: errors carry the API server's status
 * message only.
 */
export class KubernetesSecretDelivery implements CredentialDelivery {
  constructor(
    private readonly clusters: KubernetesClusters,
    private readonly logger: LoggerService,
  ) {}

  async deliver(request: CredentialDeliveryRequest): Promise<void> {
    const cluster = this.cluster(request.cluster);
    const where = describe(request, cluster);
    const existing = await this.peek(cluster, request);
    if (existing && !ownedBy(existing, request.bindingId)) {
      throw new ProviderError(
        `Secret ${where} already exists and does not belong to this binding; remove it or choose another binding name`,
        { retryable: false },
      );
    }
    const k8s = await loadClientNode();
    const core = await cluster.api(c => c.CoreV1Api);
    try {
      await core.patchNamespacedSecret(
        {
          name: request.secretName,
          namespace: request.namespace,
          body: secretManifest(request),
          fieldManager: CREDENTIAL_SECRET_MANAGER,
          // The Secret is verifiably ours (label above): our values win.
          force: true,
        },
        await cluster.callOptions({
          contentType: k8s.PatchStrategy.ServerSideApply,
          timeoutMs: TIMEOUT_MS,
        }),
      );
    } catch (error) {
      throw apiFailure(error, `Writing Secret ${where}`);
    }
    this.logger.info(`Delivered credentials to Secret ${where}`);
  }

  async remove(target: CredentialSecretTarget): Promise<void> {
    const cluster = this.cluster(target.cluster);
    const where = describe(target, cluster);
    const existing = await this.peek(cluster, target);
    if (!existing) return;
    if (!ownedBy(existing, target.bindingId)) {
      // Someone else's Secret took the name after ours was gone.
      this.logger.warn(
        `Not deleting Secret ${where}: it does not belong to binding ${target.bindingId}`,
      );
      return;
    }
    const core = await cluster.api(c => c.CoreV1Api);
    try {
      await core.deleteNamespacedSecret(
        {
          name: target.secretName,
          namespace: target.namespace,
          // Deletes exactly the object looked at, never a successor.
          body: { preconditions: { uid: existing.metadata?.uid } },
        },
        await cluster.callOptions({ timeoutMs: TIMEOUT_MS }),
      );
    } catch (error) {
      if (kubernetesErrorStatus(error) !== 404) {
        throw apiFailure(error, `Deleting Secret ${where}`);
      }
    }
    const after = await this.peek(cluster, target);
    if (after && ownedBy(after, target.bindingId)) {
      throw new ProviderError(
        `Secret ${where} still exists after deletion${
          after.metadata?.deletionTimestamp ? ' (finalizers pending)' : ''
        }`,
        { retryable: true },
      );
    }
    this.logger.info(`Removed Secret ${where}`);
  }

  private cluster(name: string | undefined): KubernetesCluster {
    const all = this.clusters.list();
    // Without a name, only an unambiguous single cluster will do.
    const fallback = all.length === 1 ? all[0] : undefined;
    const cluster = name ? this.clusters.get(name) : fallback;
    if (!cluster) {
      throw new ProviderError(
        name
          ? `Cluster '${name}' is not configured`
          : 'The binding names no cluster and several are configured',
        { retryable: false },
      );
    }
    return cluster;
  }

  /** The Secret as it is now, or undefined when there is none. */
  private async peek(
    cluster: KubernetesCluster,
    target: CredentialSecretTarget,
  ): Promise<V1Secret | undefined> {
    const where = describe(target, cluster);
    const k8s = await loadClientNode();
    const core = await cluster.api(c => c.CoreV1Api);
    const ref = { name: target.secretName, namespace: target.namespace };
    try {
      return await core.readNamespacedSecret(
        ref,
        await cluster.callOptions({ timeoutMs: TIMEOUT_MS }),
      );
    } catch (error) {
      const status = kubernetesErrorStatus(error);
      if (status === 404) return undefined;
      if (status !== 403) throw apiFailure(error, `Reading Secret ${where}`);
    }
    try {
      return await core.patchNamespacedSecret(
        { ...ref, body: {}, dryRun: 'All' },
        await cluster.callOptions({
          contentType: k8s.PatchStrategy.MergePatch,
          timeoutMs: TIMEOUT_MS,
        }),
      );
    } catch (error) {
      if (kubernetesErrorStatus(error) === 404) return undefined;
      throw apiFailure(error, `Looking at Secret ${where}`);
    }
  }
}

function ownedBy(secret: V1Secret, bindingId: string): boolean {
  return (
    secret.metadata?.labels?.[CREDENTIAL_SECRET_LABELS.bindingId] === bindingId
  );
}

function describe(
  target: { namespace: string; secretName: string },
  cluster: KubernetesCluster,
) {
  return `${target.namespace}/${target.secretName} on ${cluster.name}`;
}

/**
 * A provider error from a failed API call: refusals the portal cannot fix by
 * retrying (no permission, no such namespace, invalid object) fail the
 * binding; anything else (conflicts, timeouts, 5xx) is retried.
 */
function apiFailure(error: unknown, what: string): ProviderError {
  const status = kubernetesErrorStatus(error);
  const detail = statusMessage(error);
  const permanent = status === 403 || status === 404 || status === 422;
  const reason =
    status === 404 ? 'the namespace does not exist' : detail ?? 'failed';
  return new ProviderError(
    `${what}: ${status ? `HTTP ${status}: ` : ''}${reason}`,
    {
      retryable: !permanent,
    },
  );
}

/** The Status message of an API error, never its raw body or request. */
function statusMessage(error: unknown): string | undefined {
  const body = (error as { body?: unknown })?.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return message.slice(0, 300);
  if (kubernetesErrorStatus(error) === undefined && error instanceof Error) {
    // Connection problems: their messages name hosts, not payloads.
    return error.message.slice(0, 300);
  }
  return undefined;
}
