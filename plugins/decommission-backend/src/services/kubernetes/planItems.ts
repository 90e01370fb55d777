import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { kindOrder, ResourceKind } from './resourceKinds';

/**
 * What decommission keeps of a listed object: never a Secret's data, never
 * a ConfigMap's, only what names the object and ties it to an entity.
 *
 * @internal
 */
export interface ListedObject {
  name: string;
  namespace?: string;
  uid: string;
  labels?: Record<string, string>;
}

/**
 * The field manager of the plugin's calls, as `managedFields` and the
 * cluster's audit log name it (deletes record none, the object layer
 * requires one).
 *
 * @internal
 */
export const FIELD_MANAGER = 'paasport-decommission';

/** A delete item for one object the preview found. */
export function objectItem(
  cluster: string,
  kind: ResourceKind,
  object: ListedObject,
  extra: Pick<DecommissionItem, 'entityRef' | 'note'>,
): DecommissionItem {
  const { namespace, name, uid } = object;
  const path = namespace ? `${namespace}/${name}` : name;
  return {
    key: `kubernetes:${cluster}:${kind.apiVersion}/${kind.kind}:${path}`,
    step: 'kubernetes',
    action: 'delete',
    title: `${kind.kind} ${path} on ${cluster}`,
    ...extra,
    target: {
      type: 'kubernetes',
      cluster,
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      namespace,
      name,
      uid,
    },
  };
}

/** An item the decommission lists but leaves alone, saying why. */
export function noteItem(
  key: string,
  title: string,
  note: string,
  entityRef?: string,
): DecommissionItem {
  return {
    key,
    step: 'kubernetes',
    action: 'none',
    title,
    note,
    ...(entityRef && { entityRef }),
    target: { type: 'none' },
  };
}

/** Removal order: by kind, then cluster, namespace and name. */
export function sortItems(items: DecommissionItem[]): DecommissionItem[] {
  const order = (item: DecommissionItem) =>
    item.target.type === 'kubernetes'
      ? kindOrder(item.target.kind)
      : Number.MAX_SAFE_INTEGER;
  return [...items].sort(
    (a, b) => order(a) - order(b) || a.key.localeCompare(b.key),
  );
}

/** An error's message, for notes and blockers. */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
