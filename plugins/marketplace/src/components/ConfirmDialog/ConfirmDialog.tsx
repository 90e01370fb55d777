import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useId } from 'react';
import { useSubmit } from '../../hooks/useSubmit';
import { ApiErrorAlert } from '../ApiErrorAlert';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Runs the action; the dialog stays open with the error if it throws. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  /** What failed, for the error alert. */
  failure: string;
}

/** Asks before a destructive action and shows why it failed, if it does. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const titleId = useId();
  const confirm = useSubmit(async () => {
    await props.onConfirm();
    props.onClose();
  });
  return (
    <Dialog open onClose={props.onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText component="div">{props.children}</DialogContentText>
        {confirm.error !== undefined && (
          <ApiErrorAlert error={confirm.error} action={props.failure} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={confirm.running}
          onClick={() => confirm.run()}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
