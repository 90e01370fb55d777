/**
 * Labels the marketplace puts on every credentials Secret, so that the
 * Secret can be traced to the request and binding that made it (and found
 * again by label selector, e.g. when an application is decommissioned).
 *
 * @public
 */
export const CREDENTIAL_SECRET_LABELS = {
  /** Always {@link CREDENTIAL_SECRET_MANAGER}. */
  managedBy: 'app.kubernetes.io/managed-by',
  /** The instance request's id. */
  requestId: 'paasport.io/request-id',
  /** The binding's id; a delivery never touches a Secret with another one. */
  bindingId: 'paasport.io/binding-id',
  /** The instance's name. */
  instance: 'paasport.io/instance',
  /** The offering, e.g. `redis`. */
  offering: 'paasport.io/offering',
  /** Name of the owning System. */
  system: 'paasport.io/system',
  /** Name of the Component the binding is for, if any. */
  component: 'paasport.io/component',
} as const;

/**
 * Annotations on every credentials Secret: full entity refs and people,
 * which do not fit the syntax of label values.
 *
 * @public
 */
export const CREDENTIAL_SECRET_ANNOTATIONS = {
  systemRef: 'paasport.io/system-ref',
  componentRef: 'paasport.io/component-ref',
  teamRef: 'paasport.io/team-ref',
  plan: 'paasport.io/plan',
  bindingName: 'paasport.io/binding-name',
  requestedBy: 'paasport.io/requested-by',
} as const;

/**
 * Value of `app.kubernetes.io/managed-by` on credentials Secrets, and the
 * server-side apply field manager that writes them.
 *
 * @public
 */
export const CREDENTIAL_SECRET_MANAGER = 'paasport-marketplace';

/** Where a binding's credentials live. @public */
export interface CredentialSecretTarget {
  /**
   * Cluster name from `kubernetes.clusterLocatorMethods`; absent only when
   * no clusters are configured.
   */
  cluster?: string;
  namespace: string;
  secretName: string;
  /**
   * The binding the Secret belongs to. A delivery refuses to overwrite, and
   * never deletes, a Secret labelled for another binding or not labelled by
   * the marketplace at all.
   */
  bindingId: string;
  /**
   * The person the Secret is written or deleted for (a User entity ref):
   * who asked for the binding, or for its removal. Deliveries to Kubernetes
   * act as this person (impersonation), never as the portal itself.
   */
  actingFor: string;
}

/** What {@link CredentialDelivery.deliver} writes. @public */
export interface CredentialDeliveryRequest extends CredentialSecretTarget {
  /** The Secret's data, conventional keys already applied. */
  credentials: Record<string, string | number>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /**
   * Kind of middleware (`mysql`, `redis`, `kafka`): the Secret's type becomes
   * `servicebinding.io/<type>`, as the Service Binding specification for
   * Kubernetes defines it, and its `type` entry says the same.
   */
  type?: string;
}

/**
 * Delivers binding credentials into the application's namespace (a
 * Kubernetes Secret). The marketplace never stores the credentials itself.
 * The marketplace back end installs a Kubernetes delivery when clusters are
 * configured; another one can be set through
 * `marketplaceCredentialDeliveryExtensionPoint`.
 *
 * @public
 */
export interface CredentialDelivery {
  /** Creates or updates the Secret. Must be idempotent. */
  deliver(request: CredentialDeliveryRequest): Promise<void>;
  /**
   * Deletes the Secret and resolves only once it is verifiably gone; succeeds
   * if it never existed. Throws while it still exists (retried).
   */
  remove(target: CredentialSecretTarget): Promise<void>;
}
