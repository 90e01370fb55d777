import { KubernetesClusters } from '../KubernetesClusters';
import { KubernetesObjects } from '../objects/KubernetesObjects';
import { KubernetesObject } from '../objects/types';
import { TEAM_LABEL } from './keys';

/** Namespace name → the team its label names, on one cluster. */
export type TeamLabels = Map<string, string>;

const TTL_MS = 15_000;

/**
 * The `paasport.io/team` label of every labelled namespace, per cluster:
 * the cluster's half of the tenancy model.
 *
 * @remarks
 * One list call per cluster at most every fifteen seconds, so the console's
 * reads stay on its watch cache. When a cluster does not answer, the last
 * labels read are used (a namespace's team label changes rarely, and only
 * by the platform); with none read yet, the cluster's namespaces count as
 * unverified and nothing is shown there.
 *
 * @public
 */
export class NamespaceLabels {
  private readonly byCluster = new Map<
    string,
    { expires: number; value: Promise<TeamLabels>; last?: TeamLabels }
  >();

  constructor(private readonly clusters: KubernetesClusters) {}

  /** The labels on `cluster`; rejects if never read and unreachable now. */
  async of(clusterName: string): Promise<TeamLabels> {
    const entry = this.byCluster.get(clusterName);
    if (entry && entry.expires > Date.now()) return entry.value;
    const cluster = this.clusters.get(clusterName);
    if (!cluster) throw new Error(`No cluster ${clusterName}`);
    const last = entry?.last;
    const value = new KubernetesObjects(cluster, {
      fieldManager: 'paasport-tenancy',
    })
      .list<KubernetesObject>(
        { apiVersion: 'v1', kind: 'Namespace' },
        { labelSelector: TEAM_LABEL },
      )
      .then(items => {
        const labels: TeamLabels = new Map(
          items.map(ns => [ns.metadata.name!, ns.metadata.labels![TEAM_LABEL]]),
        );
        this.byCluster.get(clusterName)!.last = labels;
        return labels;
      })
      .catch(error => {
        if (last) return last;
        this.byCluster.delete(clusterName);
        throw error;
      });
    this.byCluster.set(clusterName, {
      expires: Date.now() + TTL_MS,
      value,
      last,
    });
    return value;
  }
}
