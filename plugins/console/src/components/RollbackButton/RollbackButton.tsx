import { WorkloadReleases } from '@paasport/plugin-console-common';
import HistoryIcon from '@material-ui/icons/History';
import { useState } from 'react';
import { ExplainedButton } from '../ExplainedButton';
import { useRollbackAvailability } from '../../hooks/useRollbackAvailability';
import { RollbackDialog } from '../RollbackDialog';

/** Props of {@link RollbackButton}. @internal */
export interface RollbackButtonProps {
  entityRef: string;
  cluster: string;
  workload: WorkloadReleases;
  /** A rollback finished: reload the releases. */
  onRolledBack: () => void;
  pollIntervalMs?: number;
}

/**
 * "Roll back" for one workload on one cluster, disabled with the reason and
 * what to do instead when the user or the workload does not allow it; for
 * admins, "Force roll back" on workloads that Helm, Argo CD or Flux manage.
 *
 * @internal
 */
export function RollbackButton(props: RollbackButtonProps) {
  const { workload, cluster } = props;
  const availability = useRollbackAvailability(workload);
  // The workload as it was when the dialog opened: later refreshes must not
  // change the revision or resourceVersion under the user's feet.
  const [snapshot, setSnapshot] = useState<WorkloadReleases>();

  return (
    <ExplainedButton
      label={availability.force ? 'Force roll back' : 'Roll back'}
      icon={<HistoryIcon />}
      allowed={availability.allowed}
      reason={availability.reason}
      onClick={() => setSnapshot(workload)}
    >
      {snapshot && (
        <RollbackDialog
          entityRef={props.entityRef}
          cluster={cluster}
          workload={snapshot}
          force={availability.force}
          onClose={() => setSnapshot(undefined)}
          onFinished={props.onRolledBack}
          pollIntervalMs={props.pollIntervalMs}
        />
      )}
    </ExplainedButton>
  );
}
