import { KubernetesClusters } from '../KubernetesClusters';
import { KubernetesObjects } from '../objects/KubernetesObjects';
import { KubernetesObject } from '../objects/types';
import { TEAM_LABEL } from './keys';
import { RefreshingValue } from './RefreshingValue';

/** Namespace name → the team its label names, on one cluster. */
export type TeamLabels = Map<string, string>;

const FRESH_MS = 15_000;
const MAX_STALE_MS = 60_000;

/**
 * The `paasport.io/team` label of every labelled namespace, per cluster:
 * the cluster's half of the tenancy model.
 *
 * @remarks
 * One list call per cluster at most every fifteen seconds, made in the
 * background while requests are served the previous labels (never older
 * than a minute), so the console's reads stay on its watch cache. When a cluster does not answer, the last
 * labels read are used (a namespace's team label changes rarely, and only
 * by the platform); with none read yet, the cluster's namespaces count as
 * unverified and nothing is shown there.
 *
 * @public
 */
export class NamespaceLabels {
  private readonly byCluster = new Map<string, RefreshingValue<TeamLabels>>();

  constructor(private readonly clusters: KubernetesClusters) {}

  /** The labels on `cluster`; rejects if never read and unreachable now. */
  of(clusterName: string): Promise<TeamLabels> {
    let labels = this.byCluster.get(clusterName);
    if (!labels) {
      const cluster = this.clusters.get(clusterName);
      if (!cluster)
        return Promise.reject(new Error(`No cluster ${clusterName}`));
      const objects = new KubernetesObjects(cluster, {
        fieldManager: 'paasport-tenancy',
      });
      labels = new RefreshingValue(
        async () => {
          const items = await objects.list<KubernetesObject>(
            { apiVersion: 'v1', kind: 'Namespace' },
            { labelSelector: TEAM_LABEL },
          );
          return new Map(
            items.map(ns => [
              ns.metadata.name!,
              ns.metadata.labels![TEAM_LABEL],
            ]),
          );
        },
        { freshMs: FRESH_MS, maxStaleMs: MAX_STALE_MS, staleOnError: true },
      );
      this.byCluster.set(clusterName, labels);
    }
    return labels.get();
  }
}
