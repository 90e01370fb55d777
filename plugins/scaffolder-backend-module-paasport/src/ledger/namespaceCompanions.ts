import { LedgerEntry, LedgerStatus } from './resources';

/** What undo did with one entry, or that it could not. */
export interface SettledOutcome {
  status: Exclude<LedgerStatus, 'created' | 'intended'>;
  message: string;
}

/**
 * Whether an entry is one of the platform's objects made with a team
 * namespace (quota, limits, team binding), which follow the namespace.
 */
export function isNamespaceCompanion(entry: LedgerEntry): boolean {
  return entry.resource.type === 'kubernetes' && !!entry.resource.withNamespace;
}

/** Whether an entry is a Namespace. */
export function isNamespace(entry: LedgerEntry): boolean {
  const r = entry.resource;
  return (
    r.type === 'kubernetes' && r.apiVersion === 'v1' && r.kind === 'Namespace'
  );
}

/** The task's entry of the namespace a companion is in, if the task made it. */
export function namespaceEntryOf(
  companion: LedgerEntry,
  all: LedgerEntry[],
): LedgerEntry | undefined {
  const r = companion.resource;
  if (r.type !== 'kubernetes') return undefined;
  return all.find(
    e =>
      isNamespace(e) &&
      e.resource.type === 'kubernetes' &&
      e.resource.cluster === r.cluster &&
      e.resource.name === r.namespace,
  );
}

/** The companions of a Namespace entry among `entries`. */
export function companionsOf(
  namespace: LedgerEntry,
  entries: LedgerEntry[],
): LedgerEntry[] {
  return entries.filter(
    e => isNamespaceCompanion(e) && namespaceEntryOf(e, [namespace]),
  );
}

/**
 * A companion's outcome from its namespace's: removed with it, kept with
 * it, or not removed because it could not be.
 */
export function companionOutcome(namespace: {
  status: LedgerStatus;
  message?: string;
}): SettledOutcome {
  switch (namespace.status) {
    case 'removed':
      return { status: 'removed', message: 'removed with its namespace' };
    case 'gone':
      return { status: 'gone', message: 'already gone with its namespace' };
    case 'kept':
      return { status: 'kept', message: 'kept with its namespace' };
    default:
      return {
        status: 'failed',
        message: 'not removed: its namespace could not be removed',
      };
  }
}
