/*
 * The few fields of Kubernetes objects the console reads, as they arrive in
 * JSON from the API server (timestamps stay strings). The watch cache keeps
 * raw JSON rather than client-node's model classes so a watch event can be
 * stored without a conversion step.
 */

/** @internal */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
  managedFields?: unknown;
}

/** @internal */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** @internal */
export interface Container {
  name: string;
  image?: string;
  [key: string]: unknown;
}

/** @internal */
export interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    containers: Container[];
    initContainers?: Container[];
    [key: string]: unknown;
  };
}

/** @internal */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** @internal */
export interface Deployment extends KubeObject {
  spec: {
    replicas?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
    template: PodTemplate;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
  };
}

/** @internal */
export interface ReplicaSet extends KubeObject {
  spec: { replicas?: number; template: PodTemplate };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

/** @internal */
export interface StatefulSet extends KubeObject {
  spec: {
    replicas?: number;
    template: PodTemplate;
    updateStrategy?: {
      type?: 'RollingUpdate' | 'OnDelete';
      rollingUpdate?: { partition?: number };
    };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
  };
}

/** @internal */
export interface ControllerRevision extends KubeObject {
  revision: number;
  /**
   * For a StatefulSet, the strategic merge patch that restores its
   * template: `{ spec: { template: { ..., $patch: 'replace' } } }`.
   */
  data?: { spec?: { template?: PodTemplate } };
}

/** @internal */
export interface Pod extends KubeObject {
  spec: { containers: Container[]; initContainers?: Container[] };
  status?: {
    phase?: string;
    containerStatuses?: Array<{
      name: string;
      ready: boolean;
      restartCount: number;
    }>;
  };
}

/**
 * The resource types the console watches, with their API paths.
 *
 * @internal
 */
export const watchedResources = {
  deployments: { group: 'apps', version: 'v1' },
  replicasets: { group: 'apps', version: 'v1' },
  statefulsets: { group: 'apps', version: 'v1' },
  controllerrevisions: { group: 'apps', version: 'v1' },
  pods: { group: '', version: 'v1' },
} as const;

/** @internal */
export type WatchedResource = keyof typeof watchedResources;

/** @internal */
export interface WatchedObjects {
  deployments: Deployment;
  replicasets: ReplicaSet;
  statefulsets: StatefulSet;
  controllerrevisions: ControllerRevision;
  pods: Pod;
}

/**
 * The list path of a resource, cluster-wide or in one namespace.
 *
 * @internal
 */
export function resourcePath(resource: WatchedResource, namespace?: string) {
  const { group, version } = watchedResources[resource];
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${resource}`;
}
