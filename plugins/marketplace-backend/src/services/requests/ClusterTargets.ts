import { InputError } from '@backstage/errors';
import { MarketplaceCluster } from '@paasport/plugin-marketplace-common';

/**
 * The clusters instances can run on and credentials can be delivered to:
 * those of `kubernetes.clusterLocatorMethods`. Decides which one applies
 * when a request or binding names none.
 */
export class ClusterTargets {
  private readonly names: Set<string>;

  constructor(private readonly clusters: MarketplaceCluster[]) {
    this.names = new Set(clusters.map(c => c.name));
  }

  list(): MarketplaceCluster[] {
    return this.clusters;
  }

  /** Whether credentials can go to Kubernetes at all. */
  get configured(): boolean {
    return this.clusters.length > 0;
  }

  /** Checks a requested cluster; throws a 400 naming the configured ones. */
  check(cluster: string | undefined): string | undefined {
    if (cluster === undefined) return undefined;
    if (!this.names.has(cluster)) {
      throw new InputError(
        `Unknown cluster '${cluster}'; configured: ${
          [...this.names].join(', ') || 'none'
        }`,
      );
    }
    return cluster;
  }

  /**
   * The cluster of an instance: the one asked for, or the only one there is
   * when the plan's back end runs on Kubernetes.
   */
  forInstance(cluster: string | undefined, needsCluster: boolean) {
    const checked = this.check(cluster);
    if (checked || !needsCluster) return checked;
    if (this.clusters.length === 1) return this.clusters[0].name;
    throw new InputError(
      this.configured
        ? `This plan runs on a cluster: choose one of ${[...this.names].join(
            ', ',
          )}`
        : 'This plan runs on a cluster, but no clusters are configured',
    );
  }

  /**
   * Where a binding's Secret goes: the cluster asked for, else the
   * instance's, else the only one. Undefined when none are configured (the
   * credentials can then only be revealed in the portal).
   */
  forBinding(cluster: string | undefined, instanceCluster: string | null) {
    const checked = this.check(cluster);
    if (checked) return checked;
    if (!this.configured) return undefined;
    if (instanceCluster && this.names.has(instanceCluster))
      return instanceCluster;
    if (this.clusters.length === 1) return this.clusters[0].name;
    throw new InputError(
      `Choose the cluster to deliver the credentials to: ${[...this.names].join(
        ', ',
      )}`,
    );
  }
}
