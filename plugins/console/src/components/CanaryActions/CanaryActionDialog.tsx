import {
  CanaryActionName,
  CanaryDetail,
  CanarySummary,
} from '@paasport/plugin-console-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useId, useRef, useState } from 'react';
import { backendMessage } from '../../canary/canaryText';
import { useCanaryAction } from '../../hooks/useCanaryAction';

// The backend's limit for a comment (canaryActionRequestSchema).
const MAX_COMMENT = 500;

/** What each action does, said before it is confirmed. */
const texts: Record<
  CanaryActionName,
  { title: string; confirm: string; explain: (c: CanarySummary) => string }
> = {
  promote: {
    title: 'Promote the canary of',
    confirm: 'Promote now',
    explain: c =>
      `${c.name} takes the canary's template now, skipping the remaining steps and their analysis, and ${c.canaryName} is removed.`,
  },
  pause: {
    title: 'Pause the canary of',
    confirm: 'Pause the canary',
    explain: c =>
      `The canary stays at its current step (${c.targetWeight} %) until someone resumes it.`,
  },
  resume: {
    title: 'Resume the canary of',
    confirm: 'Resume the canary',
    explain: () => 'The canary goes on from its current step.',
  },
  abort: {
    title: 'Abort the canary of',
    confirm: 'Abort the canary',
    explain: c =>
      `${c.canaryName} is scaled to 0 and removed; ${c.name} keeps its template and takes all traffic again.`,
  },
};

/** Props of {@link CanaryActionDialog}. @internal */
export interface CanaryActionDialogProps {
  canary: CanarySummary;
  action: CanaryActionName;
  onClose: () => void;
  /** The backend accepted the action. */
  onDone: (canary: CanaryDetail) => void;
}

/**
 * Asks for an optional comment, says what the action does, and sends it;
 * the backend's refusal (409: not possible now) is shown as written.
 *
 * @internal
 */
export function CanaryActionDialog(props: CanaryActionDialogProps) {
  const { canary, action } = props;
  const text = texts[action];
  const [comment, setComment] = useState('');
  const [state, run] = useCanaryAction(canary.id);
  const id = useId();
  const done = useRef(props.onDone);
  done.current = props.onDone;
  useEffect(() => {
    if (state.value) done.current(state.value);
  }, [state.value]);

  return (
    <Dialog open onClose={props.onClose} aria-labelledby={`${id}-title`}>
      <DialogTitle id={`${id}-title`}>
        {text.title} {canary.name} on {canary.cluster}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{text.explain(canary)}</DialogContentText>
        <TextField
          fullWidth
          multiline
          minRows={2}
          id={`${id}-comment`}
          label="Comment (optional)"
          helperText="Kept in the canary's history and the audit log"
          value={comment}
          disabled={state.loading}
          onChange={e => setComment(e.target.value.slice(0, MAX_COMMENT))}
        />
        {state.error && (
          <Alert severity="error" role="alert">
            {backendMessage(state.error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color={
            action === 'abort' || action === 'promote' ? 'secondary' : 'primary'
          }
          disabled={state.loading}
          onClick={() =>
            run({
              action,
              ...(comment.trim() && { comment: comment.trim() }),
            })
          }
        >
          {text.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
