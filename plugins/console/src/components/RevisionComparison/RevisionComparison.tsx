import { WorkloadKind } from '@paasport/plugin-console-common';
import {
  RevisionComparisonChip,
  RevisionComparisonChipProps,
} from '@paasport/plugin-paasport-react';
import { useMemo } from 'react';
import { useRevisionComparison } from '../../hooks/useRevisionComparison';

/** Props of {@link RevisionComparison}. @internal */
export interface RevisionComparisonProps
  extends Pick<RevisionComparisonChipProps, 'prefix' | 'names'> {
  entityRef: string;
  cluster: string;
  workload: { kind: WorkloadKind; namespace: string; name: string };
  /** The revision judged; default the current one. */
  revision?: number;
  /** The revision it is judged against; default the one before it. */
  against?: number;
}

/**
 * A workload revision's error rate and p95 against another revision's, as
 * a chip (see `RevisionComparisonChip`), loaded from the console backend.
 *
 * @internal
 */
export function RevisionComparison(props: RevisionComparisonProps) {
  const { entityRef, cluster, workload, revision, against } = props;
  const { kind, namespace, name } = workload;
  const query = useMemo(
    () => ({ cluster, kind, namespace, workload: name, revision, against }),
    [cluster, kind, namespace, name, revision, against],
  );
  const { value, loading, error } = useRevisionComparison(entityRef, query);
  return (
    <RevisionComparisonChip
      comparison={value}
      loading={loading}
      error={error}
      prefix={props.prefix}
      names={props.names}
    />
  );
}
