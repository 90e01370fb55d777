import { usePermission } from '@backstage/plugin-permission-react';
import {
  InstanceRequest,
  marketplaceInstanceDeletePermission,
} from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { useState } from 'react';
import { DeprovisionDialog } from '../DeprovisionDialog';

/** Props of {@link DeprovisionButton}. */
export interface DeprovisionButtonProps {
  request: InstanceRequest;
  liveBindings: number;
  onDone: () => void;
}

/** Opens the deprovision dialog, for those allowed and while it makes sense. */
export function DeprovisionButton(props: DeprovisionButtonProps) {
  const { request } = props;
  const [open, setOpen] = useState(false);
  const { allowed, loading } = usePermission({
    permission: marketplaceInstanceDeletePermission,
    resourceRef: request.system,
  });
  if (['deleted', 'rejected', 'deprovisioning'].includes(request.state)) {
    return null;
  }
  const cancel = request.state === 'awaiting_approval';
  const button = (
    <Button
      variant="contained"
      color="secondary"
      disabled={!allowed}
      onClick={() => setOpen(true)}
    >
      {cancel ? 'Cancel request' : 'Deprovision'}
    </Button>
  );
  return (
    <>
      {allowed || loading ? (
        button
      ) : (
        <Tooltip title="Only the owning team (or an admin) may deprovision">
          <span>{button}</span>
        </Tooltip>
      )}
      {open && (
        <DeprovisionDialog
          request={request}
          liveBindings={props.liveBindings}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            props.onDone();
          }}
        />
      )}
    </>
  );
}
