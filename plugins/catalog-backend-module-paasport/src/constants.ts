// Defined with the parser in @paasport/kubernetes-node; re-exported so this
// module's public API stays as it was.
export {
  NAMESPACE_ANNOTATION,
  NAMESPACES_ANNOTATION,
} from '@paasport/kubernetes-node';

/**
 * Annotation of discovered entities: the workloads they were built from, as
 * comma-separated `<cluster>/<namespace>/<kind>/<name>`.
 *
 * @public
 */
export const DISCOVERED_FROM_ANNOTATION = 'paasport.io/discovered-from';

// Location type of discovered entities (`paasport-discovery:<workload>`); a
// Component whose origin location has another type is declared by hand.
// Declared with the application model, which trusts it.
export { DISCOVERY_LOCATION_TYPE } from '@paasport/kubernetes-node';

/** Workload label naming the owning team (a Group name or ref). */
export const TEAM_LABEL = 'paasport.io/team';
/** Workload label naming the Component. */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';
/** Workload label naming the System (the application). */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** Workload label the Backstage Kubernetes plugin selects on. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/**
 * Workload annotation: the discovered Component's `spec.lifecycle`
 * (default `production`).
 *
 * @public
 */
export const LIFECYCLE_ANNOTATION = 'paasport.io/lifecycle';
/**
 * Workload annotation: the discovered Component's `spec.type`
 * (default `service`).
 *
 * @public
 */
export const COMPONENT_TYPE_ANNOTATION = 'paasport.io/component-type';
