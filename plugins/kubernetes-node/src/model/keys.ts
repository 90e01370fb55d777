/**
 * Every key Paasport's application model reads, declared once, with where it
 * lives. Team namespace annotations are in `../teamNamespaces.ts`.
 */

/**
 * Label on a Namespace (set by Paasport when it makes the namespace) naming
 * the team that owns it, as {@link teamLabelValue} writes it. Workloads carry
 * it too, for discovery; only the Namespace's label counts for tenancy.
 *
 * @public
 */
export const TEAM_LABEL = 'paasport.io/team';

/**
 * Entity annotation, and workload label, tying workloads to a Component (the
 * Backstage Kubernetes plugin's key).
 *
 * @public
 */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * Entity annotation: the namespace of the entity's workloads. Paasport only
 * honours it inside the owner team's namespace.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Entity annotation: a label selector of the entity's workloads.
 *
 * @public
 */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * Location type of entities Paasport's discovery emits from the clusters
 * (`paasport-discovery:<workload>`): the platform's own, so trusted.
 *
 * @public
 */
export const DISCOVERY_LOCATION_TYPE = 'paasport-discovery';

/**
 * The value of {@link TEAM_LABEL} for a team Group: its name for a Group in
 * the `default` catalog namespace, else `<namespace>.<name>`, so that
 * `group:other/storefront` is never taken for `storefront`.
 *
 * @public
 */
export function teamLabelValue(groupRef: {
  namespace: string;
  name: string;
}): string {
  const namespace = groupRef.namespace.toLocaleLowerCase('en-US');
  const name = groupRef.name.toLocaleLowerCase('en-US');
  return namespace === 'default' ? name : `${namespace}.${name}`;
}

/**
 * Label on a canary Deployment, its selector and its pods (value `canary`):
 * added to the stable Deployment's selector labels, so the canary's pods sit
 * behind the same Service while neither Deployment's selector takes the
 * other's ReplicaSets.
 *
 * @public
 */
export const CANARY_TRACK_LABEL = 'paasport.io/track';

/**
 * Annotation on a canary Deployment: the id of the canary release that made
 * it, so nothing but that release ever scales or deletes it.
 *
 * @public
 */
export const CANARY_ID_ANNOTATION = 'paasport.io/canary-id';
