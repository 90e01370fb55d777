import { ComponentScope, EntityScope } from '@paasport/kubernetes-node';

/**
 * The part of the application model's scope a run acts within: each
 * Component with its owner team and that team's verified namespace per
 * cluster. Stored with the run when it is started or retried (after the
 * checks against it), so a worker on any replica continues the run within
 * exactly what was checked.
 *
 * @internal
 */
export interface RunScope {
  entityRef: string;
  components: ComponentScope[];
}

type StoredComponent = Pick<
  ComponentScope,
  'entityRef' | 'team' | 'namespaces'
>;

/**
 * A run never selects objects by labels (it acts on the uids the preview
 * listed), so the stored scope has no selector; anything asking for one is
 * a bug and should fail loudly rather than match nothing.
 */
const noSelector: ComponentScope['matches'] = () => {
  throw new Error(
    'A decommission run acts on the objects its preview listed; it never selects by labels',
  );
};

/** The JSON stored with a run. @internal */
export function serializeRunScope(scope: RunScope | EntityScope): string {
  const components: StoredComponent[] = scope.components.map(c => ({
    entityRef: c.entityRef,
    ...(c.team !== undefined && { team: c.team }),
    namespaces: c.namespaces,
  }));
  return JSON.stringify({ entityRef: scope.entityRef, components });
}

/** Reads the JSON stored with a run. @internal */
export function parseRunScope(json: string): RunScope {
  const stored = JSON.parse(json) as {
    entityRef: string;
    components: StoredComponent[];
  };
  return {
    entityRef: stored.entityRef,
    components: stored.components.map(c => ({ ...c, matches: noSelector })),
  };
}
