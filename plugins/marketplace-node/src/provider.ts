import { JsonObject } from '@backstage/types';

/**
 * The one status model every back end is mapped to: the request processor
 * understands nothing else, whatever the operator or broker reports.
 *
 * @public
 */
export type ProviderPhase = 'in_progress' | 'ready' | 'failed' | 'gone';

/** Identifies an instance at its back end. @public */
export interface ProviderInstanceRef {
  /** Stable id chosen by the marketplace (the request id); reused on retries. */
  instanceId: string;
  offeringId: string;
  planId: string;
  /** The plan's `providerOptions` from configuration, interpreted by the provider. */
  providerOptions: JsonObject;
  /** Token of the operation in flight, as returned by the provider. */
  operation?: string;
  /**
   * Where the instance lives, as recorded on the request: the chosen cluster
   * (if any) and the team's namespace there. Providers that run instances on
   * Kubernetes find their objects with it in every call, not just provision.
   */
  cluster?: string;
  namespace?: string;
  /**
   * The person this call is made for (a User entity ref): whoever asked for
   * the operation in flight - the requester while provisioning, the person
   * who asked to deprovision, unbind or reveal; for a binding, the person
   * who asked for that binding operation. The processor runs in the
   * background, so it is not who is signed in now. Providers that act on
   * Kubernetes act as this person (the application model's `person` and
   * `objectsFor`), so the cluster's RBAC decides and its audit log names
   * them; others may forward it as the originating identity.
   */
  actingFor: string;
}

/** What a provider needs to create an instance. @public */
export interface ProvisionInput extends ProviderInstanceRef {
  /** Parameters validated against the plan's JSON schema. */
  parameters: JsonObject;
  /** Who and what the instance is for. */
  context: {
    team: string;
    system: string;
    /** The team's namespace (on `cluster`, when one was chosen). */
    namespace: string;
    requestedBy: string;
    /**
     * The cluster chosen for the instance (a name from
     * `kubernetes.clusterLocatorMethods`); always set for providers with
     * {@link MiddlewareProvider.needsCluster}.
     */
    cluster?: string;
    /** The Component the instance was requested for, if any. */
    component?: string;
  };
}

/** Outcome of one provider call. @public */
export interface ProviderResult {
  phase: ProviderPhase;
  /** Operation token to pass back in {@link ProviderInstanceRef.operation}. */
  operation?: string;
  /** When to ask again, if the back end said so (e.g. `Retry-After`). */
  retryAfterMs?: number;
  /** Human-readable detail, shown in the request history. */
  message?: string;
}

/** Identifies a binding at its back end. @public */
export interface ProviderBindingRef {
  /** Stable id chosen by the marketplace (the binding id); reused on retries. */
  bindingId: string;
  /** The instance; its `actingFor` is the person behind this binding call. */
  instance: ProviderInstanceRef;
  /** Namespace the credentials are for. */
  namespace: string;
  /** Cluster of that namespace, when clusters are configured. */
  cluster?: string;
  /** Who asked; forwarded as the originating identity where supported. */
  requestedBy?: string;
}

/** Outcome of a bind call: credentials once ready. @public */
export interface ProviderBindResult extends ProviderResult {
  credentials?: Record<string, string | number>;
}

/**
 * A back end that can run middleware instances: an OSB broker, a Kubernetes
 * operator, a cloud API. Every method must be idempotent for the same ids,
 * because the processor retries after crashes and timeouts.
 *
 * @public
 */
export interface MiddlewareProvider {
  /** Matches a plan's `provider` setting, e.g. `osb:shared` or `operator:moco`. */
  readonly id: string;
  /**
   * Runs instances on a Kubernetes cluster (e.g. an operator): requests must
   * then name a cluster, which arrives in {@link ProvisionInput.context}.
   */
  readonly needsCluster?: boolean;
  /** Starts creating an instance; may finish at once (`ready`). */
  provision(input: ProvisionInput): Promise<ProviderResult>;
  /** Polls the operation in `ref.operation` (provision or deprovision). */
  getStatus(
    ref: ProviderInstanceRef,
    action: 'provision' | 'deprovision',
  ): Promise<ProviderResult>;
  /** Creates credentials; call again while `in_progress`. */
  bind(binding: ProviderBindingRef): Promise<ProviderBindResult>;
  /** Revokes credentials; `gone` once done. Call again while `in_progress`. */
  unbind(binding: ProviderBindingRef): Promise<ProviderResult>;
  /** Starts deleting an instance; `gone` once done. */
  deprovision(ref: ProviderInstanceRef): Promise<ProviderResult>;
  /** Checks independently that nothing of the instance is left. */
  verifyGone(ref: ProviderInstanceRef): Promise<boolean>;
  /** Reads a ready binding's credentials again (for an audited reveal). */
  fetchCredentials?(
    binding: ProviderBindingRef,
  ): Promise<Record<string, string | number>>;
}

/**
 * A failed provider call. `retryable` failures are retried with backoff;
 * `orphanRisk` means the back end may have created something the marketplace
 * does not know about, which must be deleted before anything else
 * (OSB "orphan mitigation").
 *
 * @public
 */
export class ProviderError extends Error {
  readonly retryable: boolean;
  readonly orphanRisk: boolean;

  constructor(
    message: string,
    options: { retryable: boolean; orphanRisk?: boolean; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.retryable = options.retryable;
    this.orphanRisk = options.orphanRisk ?? false;
  }
}
