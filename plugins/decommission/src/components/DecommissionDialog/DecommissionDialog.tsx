import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  decommissionEntityExecutePermission,
  DecommissionRun,
} from '@paasport/plugin-decommission-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useId, useState } from 'react';
import { decommissionApiRef } from '../../api';
import { useDecommissionPreview } from '../../hooks/useDecommissionPreview';
import { useDecommissionRun } from '../../hooks/useDecommissionRun';
import { useLatestRun } from '../../hooks/useLatestRun';
import { DecommissionPreview } from '../DecommissionPreview';
import { DecommissionReport } from '../DecommissionReport';

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(2) },
}));

/** Props of {@link DecommissionDialog}. @internal */
export interface DecommissionDialogProps {
  /** The Component or System to decommission. */
  entity: Entity;
  onClose: () => void;
  pollIntervalMs?: number;
}

/**
 * Decommissions a Component or System: shows everything that would be
 * removed, asks for the name, then follows the run to its report; a failed
 * or interrupted run can be retried.
 *
 * @internal
 */
export function DecommissionDialog(props: DecommissionDialogProps) {
  const { entity, onClose, pollIntervalMs } = props;
  const classes = useStyles();
  const api = useApi(decommissionApiRef);
  const entityRef = stringifyEntityRef(entity);
  const name = entity.metadata.name;
  const titleId = useId();
  const confirmId = useId();

  const latest = useLatestRun(entityRef);
  const preview = useDecommissionPreview(entityRef);
  const permission = usePermission({
    permission: decommissionEntityExecutePermission,
    resourceRef: entityRef,
  });
  const [confirmation, setConfirmation] = useState('');
  const [started, setStarted] = useState<DecommissionRun>();
  const [startError, setStartError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  // A run that has not succeeded is shown instead of a new preview.
  const unfinished =
    latest.value && latest.value.status !== 'succeeded'
      ? latest.value
      : undefined;
  const shown = started ?? unfinished;
  const {
    run,
    error: runError,
    follow,
  } = useDecommissionRun(shown?.id, shown, pollIntervalMs);

  const start = async () => {
    if (!preview.value) return;
    setBusy(true);
    setStartError(undefined);
    try {
      const result = await api.start(entityRef, {
        confirmation,
        fingerprint: preview.value.fingerprint,
      });
      setStarted(result.run);
      follow();
    } catch (error) {
      setStartError(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const retry = async () => {
    if (!run) return;
    setBusy(true);
    setStartError(undefined);
    try {
      const result = await api.retry(run.id);
      setStarted(result.run);
      follow();
    } catch (error) {
      setStartError(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const plan = preview.value;
  const canStart =
    !run &&
    plan !== undefined &&
    plan.blockers.length === 0 &&
    permission.allowed &&
    confirmation === name &&
    !busy;
  const canRetry =
    run !== undefined &&
    (run.status === 'failed' || run.status === 'interrupted') &&
    permission.allowed &&
    !busy;

  let body: JSX.Element;
  if (run) {
    body = <DecommissionReport run={run} name={name} />;
  } else if (latest.loading || preview.loading) {
    body = <Progress />;
  } else if (preview.error) {
    body = <ResponseErrorPanel error={preview.error} />;
  } else {
    body = (
      <>
        {!permission.loading && !permission.allowed && (
          <Alert severity="warning" className={classes.section}>
            Only the owners of {name} (and platform admins) may decommission it.
          </Alert>
        )}
        <DecommissionPreview plan={plan!} />
        <TextField
          className={classes.section}
          id={confirmId}
          fullWidth
          margin="normal"
          label={`Type ${name} to confirm`}
          value={confirmation}
          onChange={e => setConfirmation(e.target.value)}
          disabled={!permission.allowed || plan!.blockers.length > 0}
          autoComplete="off"
        />
      </>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>Decommission {name}</DialogTitle>
      <DialogContent>
        {(startError || runError) && (
          <div className={classes.section}>
            <ResponseErrorPanel error={(startError ?? runError)!} />
          </div>
        )}
        {body}
      </DialogContent>
      <DialogActions>
        {!run && startError && (
          <Button
            onClick={() => {
              setStartError(undefined);
              preview.retry();
            }}
          >
            Review again
          </Button>
        )}
        <Button onClick={onClose}>Close</Button>
        {run ? (
          canRetry && (
            <Button color="secondary" variant="contained" onClick={retry}>
              Retry
            </Button>
          )
        ) : (
          <Button
            color="secondary"
            variant="contained"
            disabled={!canStart}
            onClick={start}
          >
            Decommission {name}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
