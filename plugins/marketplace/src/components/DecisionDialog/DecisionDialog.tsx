import { useApi } from '@backstage/core-plugin-api';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import { useId, useState } from 'react';
import { marketplaceApiRef } from '../../api';
import { formatSize } from '../../lib/format';
import { ActionDialog } from '../ActionDialog';

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
  const verb = approve ? 'Approve' : 'Reject';
  return (
    <ActionDialog
      title={`${verb} ${request.name}`}
      actionLabel={verb}
      actionColor={approve ? 'primary' : 'secondary'}
      actionDisabled={!approve && !reason.trim()}
      failure={`${verb} failed`}
      onClose={onClose}
      onAction={async () => {
        const text = reason.trim() || undefined;
        onDecided(
          approve
            ? await api.approveRequest(request.id, text)
            : await api.rejectRequest(request.id, text),
        );
      }}
    >
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
    </ActionDialog>
  );
}
