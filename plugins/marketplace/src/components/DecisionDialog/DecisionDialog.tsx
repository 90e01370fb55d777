import { useApi } from '@backstage/core-plugin-api';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useId, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { useSubmit } from '../../hooks/useSubmit';
import { formatSize } from '../../lib/format';
import { ApiErrorAlert } from '../ApiErrorAlert';

/** Props of {@link DecisionDialog}. */
export interface DecisionDialogProps {
  request: InstanceRequest;
  decision: 'approve' | 'reject';
  onClose: () => void;
  onDecided: (request: InstanceRequest) => void;
}

/**
 * Approves or rejects a request with a reason, which lands in the request's
 * history for the requester. Rejections need one: "no" alone helps nobody.
 */
export function DecisionDialog(props: DecisionDialogProps) {
  const id = useId();
  const { request, decision, onClose, onDecided } = props;
  const api = useApi(marketplaceApiRef);
  const [reason, setReason] = useState('');
  const approve = decision === 'approve';
  const decide = useSubmit(async () => {
    const text = reason.trim() || undefined;
    onDecided(
      approve
        ? await api.approveRequest(request.id, text)
        : await api.rejectRequest(request.id, text),
    );
  });
  const verb = approve ? 'Approve' : 'Reject';
  const titleId = `decide-${request.id}`;
  return (
    <Dialog open onClose={onClose} aria-labelledby={titleId} fullWidth>
      <DialogTitle id={titleId}>
        {verb} {request.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {request.createdBy} asks for {request.offeringId} / {request.planId} (
          {formatSize(request.sizeGb)}) for {request.system}.
        </DialogContentText>
        <TextField
          id={`${id}-reason`}
          label={approve ? 'Reason (optional)' : 'Reason'}
          required={!approve}
          variant="outlined"
          fullWidth
          multiline
          minRows={2}
          inputProps={{ maxLength: 1000 }}
          value={reason}
          onChange={event => setReason(event.target.value)}
        />
        {decide.error !== undefined && (
          <ApiErrorAlert error={decide.error} action={`${verb} failed`} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color={approve ? 'primary' : 'secondary'}
          variant="contained"
          disabled={decide.running || (!approve && !reason.trim())}
          onClick={() => decide.run()}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
