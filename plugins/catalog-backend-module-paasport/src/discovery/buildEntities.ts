import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  makeValidator,
} from '@backstage/catalog-model';
import {
  APP_NAME_LABEL,
  COMPONENT_TYPE_ANNOTATION,
  DISCOVERED_FROM_ANNOTATION,
  DISCOVERY_LOCATION_TYPE,
  LIFECYCLE_ANNOTATION,
  TEAM_LABEL,
} from '../constants';
import { WorkloadOwners } from './owners';
import { DiscoveryCatalogContext, Workload } from './types';

/**
 * The entities one discovery run produces, and why workloads were left out.
 *
 * @public
 */
export interface DiscoveredEntities {
  entities: Entity[];
  /** Workloads whose Component is declared in a catalog file. */
  declared: number;
  /** Problems worth a log line: no owner, invalid names, disagreeing labels. */
  notes: string[];
}

const validator = makeValidator();

/**
 * The `<cluster>/<namespace>/<kind>/<name>` of a workload.
 *
 * @public
 */
export function workloadSource(workload: Workload): string {
  const { cluster, namespace, kind, name } = workload;
  return `${cluster}/${namespace}/${kind}/${name}`;
}

/**
 * Turns the workloads of every cluster into Components (one per
 * `app.kubernetes.io/name`, however many clusters run it) and the Systems
 * nobody declared.
 *
 * @remarks
 * Pure, so that the rules are tested without clusters or a catalog. The
 * output is deterministic (sorted), so that unchanged workloads give
 * byte-identical entities and the delta stays empty.
 *
 * @public
 */
export function buildEntities(
  workloads: Workload[],
  context: DiscoveryCatalogContext,
): DiscoveredEntities {
  const owners = new WorkloadOwners(context.teams);
  const notes: string[] = [];
  let declared = 0;
  const byApp = new Map<string, Workload[]>();
  for (const workload of [...workloads].sort(bySource)) {
    const key = workload.app.toLocaleLowerCase('en-US');
    byApp.set(key, [...(byApp.get(key) ?? []), workload]);
  }

  const components: Entity[] = [];
  const systems = new Map<string, Entity>();
  for (const [key, group] of [...byApp].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const first = group[0];
    const id = (first.kubernetesId ?? first.app).toLocaleLowerCase('en-US');
    if (
      context.declaredComponents.has(key) ||
      context.declaredKubernetesIds.has(id)
    ) {
      declared += group.length;
      continue;
    }
    if (!validator.isValidEntityName(first.app)) {
      notes.push(
        `${workloadSource(first)}: '${first.app}' is no valid entity name`,
      );
      continue;
    }
    const owner = group.map(w => owners.ownerOf(w)).find(Boolean);
    if (!owner) {
      notes.push(
        `${workloadSource(first)}: no owner (no ${TEAM_LABEL} label, ` +
          `and no single team owns namespace ${first.namespace})`,
      );
      continue;
    }
    const system = group.map(w => w.partOf).find(Boolean);
    disagreements(group, notes);
    const component = componentEntity(group, owner, system, {
      type: specValue(group, 'componentType', 'service', notes),
      lifecycle: specValue(group, 'lifecycle', 'production', notes),
    });
    if (system && !validator.isValidEntityName(system)) {
      notes.push(
        `${workloadSource(first)}: '${system}' is no valid System name`,
      );
      delete component.spec!.system;
    } else if (system) {
      const systemKey = system.toLocaleLowerCase('en-US');
      if (!context.declaredSystems.has(systemKey) && !systems.has(systemKey)) {
        systems.set(systemKey, systemEntity(system, owner));
      }
    }
    components.push(component);
  }
  return { entities: [...components, ...systems.values()], declared, notes };
}

function bySource(a: Workload, b: Workload): number {
  const x = workloadSource(a);
  const y = workloadSource(b);
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

// What Backstage's own kinds use for type and lifecycle: lower-case words.
const SPEC_VALUE = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

const SPEC_ANNOTATIONS = {
  componentType: COMPONENT_TYPE_ANNOTATION,
  lifecycle: LIFECYCLE_ANNOTATION,
};

/**
 * The Component's type or lifecycle from its first workload's annotation,
 * else `fallback`; a malformed value is noted and not used.
 */
function specValue(
  group: Workload[],
  field: 'componentType' | 'lifecycle',
  fallback: string,
  notes: string[],
): string {
  const annotated = group.find(w => w[field]);
  const value = annotated?.[field];
  if (!annotated || !value) return fallback;
  if (value.length > 63 || !SPEC_VALUE.test(value)) {
    notes.push(
      `${workloadSource(annotated)}: ${SPEC_ANNOTATIONS[field]} '${value}' ` +
        `is no valid value (lower-case letters and digits, separated by ` +
        `'-', '_' or '.'); using ${fallback}`,
    );
    return fallback;
  }
  return value;
}

function disagreements(group: Workload[], notes: string[]) {
  for (const field of [
    'partOf',
    'team',
    'namespace',
    'lifecycle',
    'componentType',
  ] as const) {
    const values = new Set(group.map(w => w[field]).filter(Boolean));
    if (values.size > 1) {
      notes.push(
        `${group[0].app}: workloads disagree on ${field} (${[...values].join(
          ', ',
        )}); using ${group[0][field] ?? 'the first'}`,
      );
    }
  }
}

function locationAnnotations(target: string): Record<string, string> {
  const location = `${DISCOVERY_LOCATION_TYPE}:${target}`;
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}

function componentEntity(
  group: Workload[],
  owner: string,
  system: string | undefined,
  spec: { type: string; lifecycle: string },
): Entity {
  const first = group[0];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: first.app,
      namespace: 'default',
      description: `Discovered in Kubernetes: ${group.length} workload(s)`,
      annotations: {
        ...locationAnnotations(workloadSource(first)),
        'backstage.io/kubernetes-id': first.kubernetesId ?? first.app,
        // Without the kubernetes-id label the Kubernetes tab would find
        // nothing; the name label is what discovery found the workload by.
        ...(!first.kubernetesId && {
          'backstage.io/kubernetes-label-selector': `${APP_NAME_LABEL}=${first.app}`,
        }),
        'backstage.io/kubernetes-namespace': first.namespace,
        [DISCOVERED_FROM_ANNOTATION]: group.map(workloadSource).join(','),
      },
    },
    spec: {
      type: spec.type,
      lifecycle: spec.lifecycle,
      owner,
      ...(system && { system }),
    },
  };
}

function systemEntity(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      namespace: 'default',
      description: `Discovered in Kubernetes: workloads labelled app.kubernetes.io/part-of=${name}`,
      // Not the location of a workload: the System would then change
      // whenever its first workload does.
      annotations: locationAnnotations(`system/${name}`),
    },
    spec: { owner },
  };
}
