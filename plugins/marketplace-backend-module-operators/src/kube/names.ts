import { createHash } from 'node:crypto';

/** Value of `app.kubernetes.io/managed-by` on everything the providers create. */
export const MANAGED_BY = 'paasport-marketplace';

/** Field manager of every write, so `managedFields` say who changed what. */
export const FIELD_MANAGER = 'paasport-marketplace';

/** Labels that find everything of an instance or binding again, on any cluster. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  instance: 'paasport.io/instance-id',
  binding: 'paasport.io/binding-id',
} as const;

/** Annotations that say who and what an object is for; never used to select. */
export const ANNOTATIONS = {
  team: 'paasport.io/team',
  system: 'paasport.io/system',
  requestedBy: 'paasport.io/requested-by',
  offering: 'paasport.io/offering',
  plan: 'paasport.io/plan',
} as const;

const LABEL_VALUE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether a string can be a label value (the ids are used as selectors). */
export function isLabelValue(value: string): boolean {
  return LABEL_VALUE.test(value);
}

/** Whether a string is an RFC 1123 label (namespace names, short resource names). */
export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}

/** A short, stable hex digest: resource names must not depend on id formats. */
export function shortHash(value: string, length = 10): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

/**
 * The name of an instance's main resource, e.g. `kafka-3f2a9c1d4e`.
 *
 * @remarks
 * Derived from the instance id so that retries after a crash find the same
 * objects. Operators derive Service and Pod names from it
 * (`<name>-kafka-bootstrap`, `moco-<name>-primary`), so it stays short.
 */
export function instanceResourceName(prefix: string, instanceId: string) {
  return `${prefix}-${shortHash(instanceId)}`;
}

/** The name of a binding's resources, e.g. `kafka-3f2a9c1d4e-b7c01d2e`. */
export function bindingResourceName(instanceName: string, bindingId: string) {
  return `${instanceName}-${shortHash(bindingId, 8)}`;
}

/** Labels of an instance's objects. */
export function instanceLabels(instanceId: string): Record<string, string> {
  return { [LABELS.managedBy]: MANAGED_BY, [LABELS.instance]: instanceId };
}

/** Labels of a binding's objects; they also carry the instance's label. */
export function bindingLabels(
  instanceId: string,
  bindingId: string,
): Record<string, string> {
  return { ...instanceLabels(instanceId), [LABELS.binding]: bindingId };
}

/** A label selector for `kubectl get -l` style lookups. */
export function selector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
