import { JsonObject } from '@backstage/types';

/**
 * Lifecycle of an instance request. `pending` is queued for provisioning;
 * `rejected` and `deleted` are final.
 *
 * @public
 */
export type InstanceRequestState =
  | 'pending'
  | 'awaiting_approval'
  | 'provisioning'
  | 'ready'
  | 'failed'
  | 'rejected'
  | 'deprovisioning'
  | 'deleted';

/** Lifecycle of a binding. @public */
export type BindingState =
  | 'pending'
  | 'ready'
  | 'failed'
  | 'unbinding'
  | 'deleted';

/** A plan of an offering, as listed to users. @public */
export interface MarketplacePlan {
  id: string;
  title: string;
  description?: string;
  /** Storage counted against the team's quota, GiB. */
  sizeGb: number;
  /** Highly available (replicated) or not. */
  ha: boolean;
  /** Whether a team or platform approver must approve requests first. */
  requiresApproval: boolean;
  /** Back end: `osb:<broker>` or `operator:<kind>`. */
  provider: string;
  /** False when no back end for `provider` is installed. */
  available: boolean;
  /** JSON schema of the parameters the plan accepts. */
  parametersSchema: JsonObject;
}

/** A kind of middleware users can request (MySQL, Redis, Kafka). @public */
export interface MarketplaceOffering {
  id: string;
  title: string;
  description?: string;
  plans: MarketplacePlan[];
}

/** A request for an instance and its current state. Never holds secrets. @public */
export interface InstanceRequest {
  id: string;
  name: string;
  offeringId: string;
  planId: string;
  provider: string;
  /** The owning application, a System entity ref. */
  system: string;
  /** The owning team, a Group entity ref. */
  team: string;
  /** The team's namespace (on `cluster`, if one was chosen). */
  namespace: string;
  /** The cluster chosen for the instance, if any. */
  cluster?: string;
  /** The Component the instance was requested for, if any. */
  component?: string;
  parameters: JsonObject;
  sizeGb: number;
  state: InstanceRequestState;
  /** Last problem seen, kept while the processor retries. */
  lastError?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  decidedBy?: string;
  decisionReason?: string;
}

/** One entry of a request's history. @public */
export interface InstanceRequestEvent {
  id: number;
  bindingId?: string;
  fromState?: string;
  toState: string;
  actor: string;
  message?: string;
  createdAt: string;
}

/** A binding of an instance to a namespace. Never holds secrets. @public */
export interface InstanceBinding {
  id: string;
  requestId: string;
  name: string;
  /** Namespace of the Secret: the team's namespace on `cluster`. */
  namespace: string;
  /** Cluster of the Secret; absent when no clusters are configured. */
  cluster?: string;
  /** The Component using the credentials, if given. */
  component?: string;
  /** Kubernetes Secret the credentials are delivered to. */
  secretName: string;
  state: BindingState;
  /** When the credentials reached the Secret; absent while undelivered. */
  deliveredAt?: string;
  lastError?: string;
  createdBy: string;
  createdAt: string;
}

/** A request with its history and bindings. @public */
export interface InstanceRequestDetails extends InstanceRequest {
  history: InstanceRequestEvent[];
  bindings: InstanceBinding[];
}

/** Credentials of a binding, returned only by the audited reveal endpoint. @public */
export interface RevealedCredentials {
  bindingId: string;
  credentials: Record<string, string | number>;
}

/** Team usage against its quota. @public */
export interface TeamQuotaUsage {
  team: string;
  instances: { used: number; limit: number };
  sizeGb: { used: number; limit: number };
}

/** An instance with its bindings, as listed per catalog entity. Never holds secrets. @public */
export interface InstanceWithBindings extends InstanceRequest {
  /** Live bindings (not yet deleted). */
  bindings: InstanceBinding[];
}

/** A cluster credentials can be delivered to. @public */
export interface MarketplaceCluster {
  name: string;
  title?: string;
}
