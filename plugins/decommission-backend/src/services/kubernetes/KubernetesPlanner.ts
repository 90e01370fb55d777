import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ApplicationModel,
  ComponentScope,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { createHash } from 'node:crypto';
import { ActingPerson } from '../scope/ActingPerson';
import { DecommissionScope } from '../scope/DecommissionScope';
import { ClusterPlanner, NamespaceOwners } from './ClusterPlanner';
import { PipelineGrantRoles } from './pipelineGrants';
import { noteItem, sortItems } from './planItems';

/** @internal */
export interface KubernetesPlan {
  items: DecommissionItem[];
  blockers: string[];
}

/**
 * Lists, on every cluster, the objects of the entities in scope, only where
 * the application model says they may be: each Component's owner team's
 * verified namespace there, read as the person asking.
 *
 * @remarks
 * Annotations never widen this: a `backstage.io/kubernetes-namespace` that
 * points outside the team's namespace makes the model leave that cluster
 * out, and the preview says so in a note.
 *
 * @internal
 */
export class KubernetesPlanner {
  private readonly clusterPlanner: ClusterPlanner;

  constructor(
    private readonly options: {
      model: Pick<ApplicationModel, 'objectsFor'>;
      clusters: KubernetesClusters;
      grantRoles: PipelineGrantRoles;
      timeoutMs?: number;
    },
  ) {
    this.clusterPlanner = new ClusterPlanner(options);
  }

  async plan(
    scope: DecommissionScope,
    acting: ActingPerson,
  ): Promise<KubernetesPlan> {
    const { components, problems } = scope.clusters;
    const items: DecommissionItem[] = [
      ...unannotatedItems(scope, components),
      ...problemItems(problems, components),
    ];
    // A cluster whose namespace labels could not be read is not "nothing
    // there": removing the catalog entries would hide what still runs.
    const blockers = problems.filter(p => /cannot verify namespace/.test(p));
    const system =
      scope.kind === 'System'
        ? { ref: scope.rootRef, name: scope.root.metadata.name }
        : undefined;
    const searched = new Set<string>();
    const perCluster = await Promise.all(
      this.options.clusters.list().map(async ({ name: cluster }) => {
        const owners = namespacesOn(cluster, components);
        if (owners.size === 0) return { items: [], blockers: [] };
        const planned = await this.clusterPlanner.plan(cluster, owners, {
          acting,
          system,
        });
        planned.searched.forEach(ns => searched.add(`${cluster}/${ns}`));
        return planned;
      }),
    );
    for (const result of perCluster) {
      items.push(...result.items);
      blockers.push(...result.blockers);
    }
    items.push(...nothingFound(components, items, searched, problems));
    return { items: sortItems(items), blockers };
  }
}

/** Namespace → the Components whose team holds it on `cluster`. */
function namespacesOn(
  cluster: string,
  components: ComponentScope[],
): NamespaceOwners {
  const owners: NamespaceOwners = new Map();
  for (const component of components) {
    const namespace = component.namespaces[cluster];
    if (!namespace) continue;
    owners.set(namespace, [...(owners.get(namespace) ?? []), component]);
  }
  return owners;
}

function nameOf(entityRef: string): string {
  return parseEntityRef(entityRef).name;
}

function unannotatedItems(
  scope: DecommissionScope,
  components: ComponentScope[],
): DecommissionItem[] {
  const looked = new Set(components.map(c => c.entityRef));
  return scope.components
    .map(entity => stringifyEntityRef(entity))
    .filter(ref => !looked.has(ref))
    .map(ref =>
      noteItem(
        `kubernetes:unannotated:${ref}`,
        `${nameOf(ref)}: nothing to look up on the clusters`,
        `No ${KUBERNETES_ID} or ${KUBERNETES_LABEL_SELECTOR_ANNOTATION.replace(
          'backstage.io/',
          '',
        )} annotation`,
        ref,
      ),
    );
}

/** The model's sentences on what it leaves out, one item each. */
function problemItems(
  problems: string[],
  components: ComponentScope[],
): DecommissionItem[] {
  return [...new Set(problems)].map(problem => {
    const component = components.find(c =>
      problem.startsWith(`${c.entityRef}: `),
    );
    const hash = createHash('sha256').update(problem).digest('hex');
    return noteItem(
      `kubernetes:not-looked-up:${hash.slice(0, 16)}`,
      `${
        component ? nameOf(component.entityRef) : 'Clusters'
      }: not looked for on every cluster`,
      problem,
      component?.entityRef,
    );
  });
}

/**
 * Says where a Component with nothing to remove was looked for, so that a
 * preview showing nothing of it is explained (its annotations may name
 * objects elsewhere, which are not its team's).
 */
function nothingFound(
  components: ComponentScope[],
  items: DecommissionItem[],
  searched: Set<string>,
  problems: string[],
): DecommissionItem[] {
  const found = new Set(
    items.filter(i => i.action === 'delete').map(i => i.entityRef),
  );
  return components.flatMap(component => {
    const { entityRef, team } = component;
    const where = Object.entries(component.namespaces);
    if (found.has(entityRef)) return [];
    if (!where.every(([c, ns]) => searched.has(`${c}/${ns}`))) return [];
    if (where.length === 0 && problems.some(p => p.startsWith(entityRef))) {
      return []; // the problem already says why
    }
    const note =
      where.length === 0
        ? `Its team ${
            team ?? ''
          } holds no verified namespace on any cluster, so nothing was looked for`
        : `Looked for only in the namespaces of its team ${team}: ${where
            .map(([cluster, ns]) => `${ns} on ${cluster}`)
            .join(', ')}`;
    return [
      noteItem(
        `kubernetes:nothing-found:${entityRef}`,
        `${nameOf(entityRef)}: nothing found on the clusters`,
        note,
        entityRef,
      ),
    ];
  });
}
