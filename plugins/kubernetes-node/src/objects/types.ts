/**
 * The parts of a Kubernetes object every kind has.
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      apiVersion?: string;
      kind: string;
      name: string;
      uid: string;
      controller?: boolean;
    }>;
    deletionTimestamp?: string;
  };
}

/**
 * A kind of object: `apps/v1` `Deployment`.
 *
 * @public
 */
export interface KubernetesKind {
  apiVersion: string;
  kind: string;
}

/**
 * One object by name; `namespace` is left out for cluster-scoped kinds.
 *
 * @public
 */
export interface KubernetesObjectRef extends KubernetesKind {
  namespace?: string;
  name: string;
}

/**
 * How a patch body is to be read by the API server.
 *
 * @public
 */
export type KubernetesPatchType = 'json' | 'merge' | 'strategic-merge';

/**
 * What a delete did: removed the object (or started to, with finalizers), or
 * found it already gone.
 *
 * @public
 */
export type KubernetesDeleteOutcome = 'deleted' | 'absent';
