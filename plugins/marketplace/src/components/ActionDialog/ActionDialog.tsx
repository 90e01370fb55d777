import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useId } from 'react';
import { useSubmit } from '../../hooks/useSubmit';
import { ApiErrorAlert } from '../ApiErrorAlert';

/** Props of {@link ActionDialog}. */
export interface ActionDialogProps {
  title: string;
  /** What the action does and any inputs it needs. */
  children: ReactNode;
  actionLabel: string;
  /** Runs the action; the dialog stays open with the error if it throws. */
  onAction: () => Promise<unknown>;
  onClose: () => void;
  /** What failed, for the error alert. */
  failure: string;
  /** `secondary` (the default) for destructive actions. */
  actionColor?: 'primary' | 'secondary';
  cancelLabel?: string;
  /** While the inputs do not allow the action yet. */
  actionDisabled?: boolean;
}

/**
 * The marketplace's dialogs that run one API action: title, content, the
 * action's error if it failed, cancel and the action button (disabled while
 * it runs). Closing after success is the caller's: some report the result
 * first.
 */
export function ActionDialog(props: ActionDialogProps) {
  const titleId = useId();
  const action = useSubmit(props.onAction);
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        {action.error !== undefined && (
          <Box mt={2}>
            <ApiErrorAlert error={action.error} action={props.failure} />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{props.cancelLabel ?? 'Cancel'}</Button>
        <Button
          color={props.actionColor ?? 'secondary'}
          variant="contained"
          disabled={action.running || props.actionDisabled}
          onClick={() => action.run()}
        >
          {props.actionLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
