import {
  KubernetesCluster,
  KubernetesClusters,
} from '@paasport/kubernetes-node';
import { ResourceType } from '../kube/types';
import { AdminObjects } from './adminObjects';
import {
  adminCluster,
  createScratchNamespace,
  deleteScratchNamespace,
  portalClusters,
} from './devcluster';
import { TEST_TEAM } from './providers';
import { TestOperator } from './reconcilers/TestOperator';

/**
 * A scratch namespace on a devcluster with what a driver test works with;
 * filled in by the `beforeAll` hook of {@link useScratchSpace}.
 */
export interface ScratchSpace<O extends TestOperator | undefined> {
  /** The cluster with the admin identity: setup, the test operator, checks. */
  admin: KubernetesCluster;
  /** Objects read with the admin identity, to check what the driver did. */
  objects: AdminObjects;
  /** The clusters as the portal sees them, for the provider under test. */
  clusters: KubernetesClusters;
  /**
   * The namespace's team: its group may manage the operators' resources
   * and Secrets there, as Paasport's team namespaces allow.
   */
  team: string;
  namespace: string;
  /** The test operator reconciling in the namespace, if one was asked for. */
  operator: O;
}

interface ScratchSpaceOptions {
  /** Devcluster context: `dev` or `prod`. */
  cluster: string;
  /** Custom resource types whose finalizers are stripped on cleanup. */
  types: ResourceType[];
  /**
   * `first` (default): the stand-in goes before the namespace, finalizers it
   * leaves are stripped; `last`: it keeps reconciling while the namespace
   * is deleted.
   */
  stopOperator?: 'first' | 'last';
}

/**
 * Registers `beforeAll`/`afterAll` hooks in the calling describe block that
 * create a scratch namespace on `cluster` (and start the test operator
 * `operator` makes for it) and delete it afterwards. Fails, never skips,
 * when the clusters are down.
 */
export function useScratchSpace<O extends TestOperator>(
  options: ScratchSpaceOptions & {
    operator: (admin: KubernetesCluster, namespace: string) => O;
  },
): ScratchSpace<O>;
export function useScratchSpace(
  options: ScratchSpaceOptions,
): ScratchSpace<undefined>;
export function useScratchSpace(
  options: ScratchSpaceOptions & {
    operator?: (admin: KubernetesCluster, namespace: string) => TestOperator;
  },
): ScratchSpace<TestOperator | undefined> {
  const space = {} as ScratchSpace<TestOperator | undefined>;
  const stopFirst = options.stopOperator !== 'last';

  beforeAll(async () => {
    space.clusters = portalClusters();
    space.admin = await adminCluster(options.cluster);
    space.objects = new AdminObjects(space.admin);
    space.team = TEST_TEAM;
    space.namespace = await createScratchNamespace(space.admin, TEST_TEAM);
    space.operator = options.operator?.(space.admin, space.namespace).start();
  });

  afterAll(async () => {
    if (stopFirst) await space.operator?.stop();
    if (space.namespace) {
      await deleteScratchNamespace(space.admin, space.namespace, options.types);
    }
    if (!stopFirst) await space.operator?.stop();
  });

  return space;
}
