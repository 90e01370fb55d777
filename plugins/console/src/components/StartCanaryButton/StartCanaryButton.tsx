import { WorkloadReleases } from '@paasport/plugin-console-common';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import { useState } from 'react';
import { ExplainedButton } from '../ExplainedButton';
import {
  useCanaryAvailability,
  WorkloadCanaryState,
} from '../../hooks/useCanaryAvailability';
import { StartCanaryDialog } from '../StartCanaryDialog';

/** Props of {@link StartCanaryButton}. @internal */
export interface StartCanaryButtonProps {
  cluster: string;
  workload: WorkloadReleases;
  canaries: WorkloadCanaryState;
  /** A canary started: reload the canaries. */
  onStarted: () => void;
}

/**
 * "Start canary" for one Deployment on one cluster, disabled with the reason
 * when the user, the workload or a running canary does not allow one.
 *
 * @internal
 */
export function StartCanaryButton(props: StartCanaryButtonProps) {
  const { workload, cluster } = props;
  const availability = useCanaryAvailability(workload, cluster, props.canaries);
  // The workload as it was when the dialog opened: a refresh must not
  // reset what the user typed.
  const [snapshot, setSnapshot] = useState<WorkloadReleases>();
  return (
    <ExplainedButton
      label="Start canary"
      icon={<CallSplitIcon />}
      allowed={availability.allowed}
      reason={availability.reason}
      onClick={() => setSnapshot(workload)}
    >
      {snapshot && (
        <StartCanaryDialog
          cluster={cluster}
          workload={snapshot}
          onClose={() => setSnapshot(undefined)}
          onStarted={() => {
            setSnapshot(undefined);
            props.onStarted();
          }}
        />
      )}
    </ExplainedButton>
  );
}
