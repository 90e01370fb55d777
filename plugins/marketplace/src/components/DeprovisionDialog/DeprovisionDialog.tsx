import { useApi } from '@backstage/core-plugin-api';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import Checkbox from '@material-ui/core/Checkbox';
import DialogContentText from '@material-ui/core/DialogContentText';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useId, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { ActionDialog } from '../ActionDialog';

/** Props of {@link DeprovisionDialog}. */
export interface DeprovisionDialogProps {
  request: InstanceRequest;
  /** Bindings that still hold credentials. */
  liveBindings: number;
  onClose: () => void;
  onDone: (request: InstanceRequest) => void;
}

/**
 * Deprovisions after the user types the instance's name. While bindings
 * exist the backend refuses unless forced, so the dialog asks for that
 * explicitly: forcing revokes every binding's credentials first.
 */
export function DeprovisionDialog(props: DeprovisionDialogProps) {
  const id = useId();
  const { request, liveBindings, onClose, onDone } = props;
  const api = useApi(marketplaceApiRef);
  const [typed, setTyped] = useState('');
  const [force, setForce] = useState(false);
  const cancel = request.state === 'awaiting_approval';
  const verb = cancel ? 'Cancel request' : 'Deprovision';
  return (
    <ActionDialog
      title={`${verb} ${request.name}`}
      actionLabel={verb}
      cancelLabel="Keep it"
      actionDisabled={typed !== request.name || (liveBindings > 0 && !force)}
      failure={`${verb} failed`}
      onClose={onClose}
      onAction={async () => {
        onDone(await api.deprovision(request.id, { force }));
      }}
    >
      <DialogContentText>
        {cancel
          ? 'Nothing has been created yet; the request is withdrawn.'
          : 'Everything the marketplace created for this instance is removed: its data, users and Secrets. This cannot be undone.'}
      </DialogContentText>
      {liveBindings > 0 && (
        <>
          <Alert severity="warning">
            {liveBindings} binding(s) still hold credentials. Remove them first,
            or force: their credentials are revoked and their Secrets deleted
            before the instance goes.
          </Alert>
          <FormControlLabel
            control={
              <Checkbox
                checked={force}
                onChange={(_, checked) => setForce(checked)}
              />
            }
            label="Revoke the bindings too (force)"
          />
        </>
      )}
      <TextField
        id={`${id}-confirm`}
        label={`Type ${request.name} to confirm`}
        variant="outlined"
        fullWidth
        margin="normal"
        value={typed}
        onChange={event => setTyped(event.target.value)}
      />
    </ActionDialog>
  );
}
