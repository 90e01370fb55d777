import DialogContentText from '@material-ui/core/DialogContentText';
import { ReactNode } from 'react';
import { ActionDialog } from '../ActionDialog';

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
  return (
    <ActionDialog
      title={props.title}
      actionLabel={props.confirmLabel}
      failure={props.failure}
      onClose={props.onClose}
      onAction={async () => {
        await props.onConfirm();
        props.onClose();
      }}
    >
      <DialogContentText component="div">{props.children}</DialogContentText>
    </ActionDialog>
  );
}
