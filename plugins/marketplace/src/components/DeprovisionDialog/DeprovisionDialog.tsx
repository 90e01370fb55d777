import { useApi } from '@backstage/core-plugin-api';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useId, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { useSubmit } from '../../hooks/useSubmit';
import { ApiErrorAlert } from '../ApiErrorAlert';

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
  const deprovision = useSubmit(async () => {
    onDone(await api.deprovision(request.id, { force }));
  });
  const verb = cancel ? 'Cancel request' : 'Deprovision';
  const titleId = `deprovision-${request.id}`;
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>
        {verb} {request.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {cancel
            ? 'Nothing has been created yet; the request is withdrawn.'
            : 'Everything the marketplace created for this instance is removed: its data, users and Secrets. This cannot be undone.'}
        </DialogContentText>
        {liveBindings > 0 && (
          <>
            <Alert severity="warning">
              {liveBindings} binding(s) still hold credentials. Remove them
              first, or force: their credentials are revoked and their Secrets
              deleted before the instance goes.
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
        {deprovision.error !== undefined && (
          <ApiErrorAlert error={deprovision.error} action={`${verb} failed`} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Keep it</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={
            typed !== request.name ||
            (liveBindings > 0 && !force) ||
            deprovision.running
          }
          onClick={() => deprovision.run()}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
