import { WorkloadKind } from '@paasport/plugin-console-common';
import { RevisionComparisonChip } from '@paasport/plugin-paasport-react';
import { useMemo } from 'react';
import { useRevisionComparison } from '../../hooks/useRevisionComparison';
import { WorkloadHealth } from '../../lib/serviceHealth';

/**
 * A workload's current revision against the one before it on one cluster,
 * as a chip; nothing for a first release.
 */
export function WorkloadComparison(props: {
  /** The Component the workload belongs to. */
  entityRef: string;
  cluster: string;
  workload: WorkloadHealth;
}) {
  const { entityRef, cluster, workload } = props;
  const { namespace, name, revision, comparable } = workload;
  const kind = workload.kind as WorkloadKind;
  const query = useMemo(
    () =>
      comparable && revision !== undefined
        ? { cluster, kind, namespace, workload: name, revision }
        : undefined,
    [comparable, cluster, kind, namespace, name, revision],
  );
  const { value, loading, error } = useRevisionComparison(entityRef, query);
  if (!query) return null;
  return (
    <RevisionComparisonChip
      comparison={value}
      loading={loading}
      error={error}
      names={{
        revision: `Revision ${revision} on ${cluster}`,
        against: 'the revision before it',
      }}
    />
  );
}
