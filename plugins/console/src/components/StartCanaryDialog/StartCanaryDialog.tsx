import {
  CanaryDetail,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  CanaryForm,
  canaryRequestOf,
  initialCanaryForm,
  MAX_REASON,
} from '../../canary/canaryForm';
import { validateCanaryForm } from '../../canary/canaryFormChecks';
import { backendMessage } from '../../canary/canaryText';
import { useStartCanary } from '../../hooks/useStartCanary';
import { AnalysisFields } from './AnalysisFields';
import { errorProps } from './formFields';
import { ReleaseFields } from './ReleaseFields';
import { StepFields } from './StepFields';

const useStyles = makeStyles(theme => ({
  heading: { marginTop: theme.spacing(3) },
}));

/** Props of {@link StartCanaryDialog}. @internal */
export interface StartCanaryDialogProps {
  cluster: string;
  /** The stable Deployment, as the user saw it when opening the dialog. */
  workload: WorkloadReleases;
  onClose: () => void;
  /** The backend started the canary. */
  onStarted: (canary: CanaryDetail) => void;
}

/**
 * Starts a canary of a Deployment: the new image per container (or
 * environment or pod annotation changes), the steps, how each step is judged, the failure
 * limit and a reason. What the backend refuses is shown as it says it.
 *
 * @internal
 */
export function StartCanaryDialog(props: StartCanaryDialogProps) {
  const { cluster, workload } = props;
  const classes = useStyles();
  const [form, setForm] = useState<CanaryForm>(() =>
    initialCanaryForm(workload),
  );
  const [attempted, setAttempted] = useState(false);
  const errors = useMemo(() => validateCanaryForm(form), [form]);
  const shownErrors = attempted ? errors : {};
  // The canary belongs to the Component, whichever page shows the workload.
  const [state, start] = useStartCanary(workload.entityRef);
  const id = useId();

  const started = useRef(props.onStarted);
  started.current = props.onStarted;
  useEffect(() => {
    if (state.value) started.current(state.value);
  }, [state.value]);

  const submit = () => {
    setAttempted(true);
    if (Object.keys(errors).length) return;
    start(
      canaryRequestOf(form, {
        cluster,
        namespace: workload.namespace,
        name: workload.name,
      }),
    );
  };
  const part = {
    form,
    update: (change: (f: CanaryForm) => CanaryForm) => setForm(change),
    errors: shownErrors,
    disabled: state.loading,
  };
  const heading = (text: string) => (
    <Typography variant="h6" component="h3" className={classes.heading}>
      {text}
    </Typography>
  );

  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby={`${id}-title`}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={`${id}-title`}>
        Start a canary of {workload.name} on {cluster}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary">
          {workload.name}-canary runs the new version beside {workload.name},
          behind the same Service, with a growing share of the replicas. Each
          step is judged against the stable pods; a failing canary is removed
          and {workload.name} stays as it is.
        </Typography>
        {heading('Release')}
        {shownErrors.release && (
          <Alert severity="error">{shownErrors.release}</Alert>
        )}
        <ReleaseFields {...part} containers={workload.containers} />
        {heading('Steps')}
        <StepFields {...part} />
        {heading('Analysis')}
        <AnalysisFields {...part} />
        {heading('Reason')}
        <TextField
          fullWidth
          required
          multiline
          minRows={2}
          id={`${id}-reason`}
          label="Reason"
          value={form.reason}
          disabled={state.loading}
          onChange={e => {
            const reason = e.target.value.slice(0, MAX_REASON);
            setForm(f => ({ ...f, reason }));
          }}
          {...errorProps(
            shownErrors,
            'reason',
            "Recorded in the audit log and the canary's history",
          )}
        />
        {attempted && Object.keys(errors).length > 0 && (
          <Alert severity="error">
            Some fields need attention; they are marked above.
          </Alert>
        )}
        {state.error && (
          <Alert severity="error" role="alert">
            <AlertTitle>The canary was not started</AlertTitle>
            {backendMessage(state.error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={state.loading}
          onClick={submit}
        >
          Start the canary
        </Button>
      </DialogActions>
    </Dialog>
  );
}
