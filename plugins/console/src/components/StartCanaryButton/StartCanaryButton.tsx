import { WorkloadReleases } from '@paasport/plugin-console-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import { useId, useState } from 'react';
import {
  useCanaryAvailability,
  WorkloadCanaryState,
} from '../../hooks/useCanaryAvailability';
import { StartCanaryDialog } from '../StartCanaryDialog';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'center', gap: theme.spacing(2) },
  reason: { maxWidth: 560 },
}));

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
  const classes = useStyles();
  const availability = useCanaryAvailability(workload, cluster, props.canaries);
  // The workload as it was when the dialog opened: a refresh must not
  // reset what the user typed.
  const [snapshot, setSnapshot] = useState<WorkloadReleases>();
  const reasonId = useId();
  return (
    <div className={classes.root}>
      <Button
        variant="outlined"
        startIcon={<CallSplitIcon />}
        disabled={!availability.allowed}
        aria-describedby={availability.reason ? reasonId : undefined}
        onClick={() => setSnapshot(workload)}
      >
        Start canary
      </Button>
      {availability.reason && (
        <Typography
          id={reasonId}
          variant="body2"
          color="textSecondary"
          className={classes.reason}
        >
          {availability.reason}
        </Typography>
      )}
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
    </div>
  );
}
