import {
  isClusterError,
  ReleaseMatrixResponse,
} from '@paasport/plugin-console-common';

type Row = ReleaseMatrixResponse['rows'][number];

/** Identifies a workload within a Component, across clusters. */
export const workloadKey = (w: {
  kind: string;
  namespace: string;
  name: string;
}) => `${w.kind}/${w.namespace}/${w.name}`;

/**
 * The cells of a row (as `cluster|workloadKey`) whose workload runs other
 * images than the same workload elsewhere.
 *
 * @remarks
 * Compares images, not revision numbers: each cluster counts revisions on
 * its own, so the same release is often revision 3 in one and 4 in another.
 * Cells that differ from the majority are marked; without a majority (two
 * clusters disagreeing) all of them are, since neither is known to be right.
 * A workload missing from a cluster is not drift: it may be deployed there
 * on purpose only.
 *
 * @internal
 */
export function driftedCells(row: Row): Set<string> {
  const byWorkload = new Map<string, Map<string, string>>();
  for (const cell of row.cells) {
    if (isClusterError(cell)) continue;
    for (const workload of cell.workloads) {
      const key = workloadKey(workload);
      const images = [...workload.images].sort().join(' ');
      if (!byWorkload.has(key)) byWorkload.set(key, new Map());
      byWorkload.get(key)!.set(cell.cluster, images);
    }
  }
  const drifted = new Set<string>();
  for (const [key, perCluster] of byWorkload) {
    const counts = new Map<string, number>();
    for (const images of perCluster.values()) {
      counts.set(images, (counts.get(images) ?? 0) + 1);
    }
    if (counts.size < 2) continue;
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const majority = ranked[0][1] > ranked[1][1] ? ranked[0][0] : undefined;
    for (const [cluster, images] of perCluster) {
      if (images !== majority) drifted.add(`${cluster}|${key}`);
    }
  }
  return drifted;
}
