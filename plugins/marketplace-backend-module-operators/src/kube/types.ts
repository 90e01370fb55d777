/**
 * A kind of object the providers create or read. `versions` lists the API
 * versions the code can speak, preferred first; the first one the cluster
 * serves is used (Strimzi: `v1` where served, else `v1beta2`, see
 * `servedKind`). `plural` names its REST resource for the test operators;
 * the providers find paths through the object layer's discovery.
 */
export interface ResourceType {
  /** API group; `''` is the core group (Secrets, Pods, Services). */
  group: string;
  versions: string[];
  plural: string;
  kind: string;
}

/** The metadata the providers read and write. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
}

/**
 * An object as the API server returns it. `spec`, `status` and `data` are
 * deliberately `unknown`: they come from the cluster and are validated before
 * use, never trusted.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  data?: unknown;
  type?: string;
  [key: string]: unknown;
}

/** An object to create: its type and its body (apiVersion is filled in). */
export interface DesiredObject {
  type: ResourceType;
  body: KubeObject;
  /**
   * An object created earlier in the same list that owns this one: the
   * garbage collector then removes it with its owner even if the provider
   * never gets to (a crash between the two deletes).
   */
  owner?: { type: ResourceType; name: string };
}

/** Where an instance lives. */
export interface Location {
  cluster: string;
  namespace: string;
}

/** Core kinds, which the providers only touch through these types. */
export const SECRET: ResourceType = {
  group: '',
  versions: ['v1'],
  plural: 'secrets',
  kind: 'Secret',
};

export const SERVICE: ResourceType = {
  group: '',
  versions: ['v1'],
  plural: 'services',
  kind: 'Service',
};

export const POD: ResourceType = {
  group: '',
  versions: ['v1'],
  plural: 'pods',
  kind: 'Pod',
};

export const STATEFUL_SET: ResourceType = {
  group: 'apps',
  versions: ['v1'],
  plural: 'statefulsets',
  kind: 'StatefulSet',
};

/** `kind/name`, for messages. */
export function describe(type: ResourceType, name: string): string {
  return `${type.kind} ${name}`;
}
