import { Config } from '@backstage/config';
import { KubernetesCluster } from './KubernetesCluster';
import {
  KubernetesClusterConfig,
  readKubernetesClusterConfigs,
} from './config';

/**
 * Every configured cluster, by name.
 *
 * @public
 */
export class KubernetesClusters {
  private readonly byName: Map<string, KubernetesCluster>;

  /** Reads and validates the clusters; throws a descriptive error if invalid. */
  static fromConfig(config: Config): KubernetesClusters {
    return new KubernetesClusters(readKubernetesClusterConfigs(config));
  }

  constructor(configs: KubernetesClusterConfig[]) {
    this.byName = new Map(
      configs.map(c => [c.name, new KubernetesCluster(c)] as const),
    );
  }

  /** The clusters in configuration order. */
  list(): KubernetesCluster[] {
    return [...this.byName.values()];
  }

  /** The cluster with this name, if configured. */
  get(name: string): KubernetesCluster | undefined {
    return this.byName.get(name);
  }
}
