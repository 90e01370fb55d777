import { WorkloadReleases } from '@paasport/plugin-console-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import HistoryIcon from '@material-ui/icons/History';
import { useId, useState } from 'react';
import { useRollbackAvailability } from '../../hooks/useRollbackAvailability';
import { RollbackDialog } from '../RollbackDialog';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'center', gap: theme.spacing(2) },
  reason: { maxWidth: 560 },
}));

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
  const classes = useStyles();
  const availability = useRollbackAvailability(workload);
  // The workload as it was when the dialog opened: later refreshes must not
  // change the revision or resourceVersion under the user's feet.
  const [snapshot, setSnapshot] = useState<WorkloadReleases>();
  const reasonId = useId();

  return (
    <div className={classes.root}>
      <Button
        variant="outlined"
        startIcon={<HistoryIcon />}
        disabled={!availability.allowed}
        aria-describedby={availability.reason ? reasonId : undefined}
        onClick={() => setSnapshot(workload)}
      >
        {availability.force ? 'Force roll back' : 'Roll back'}
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
    </div>
  );
}
