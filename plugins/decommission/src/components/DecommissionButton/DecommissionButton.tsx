import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import DeleteForeverIcon from '@material-ui/icons/DeleteForever';
import { useState } from 'react';
import { DecommissionDialog } from '../DecommissionDialog';

/** Props of {@link DecommissionButton}. @public */
export interface DecommissionButtonProps {
  pollIntervalMs?: number;
}

/**
 * "Decommission" for the entity of the current page; opens the preview.
 *
 * @public
 */
export function DecommissionButton(props: DecommissionButtonProps) {
  const { entity } = useEntity();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outlined"
        color="secondary"
        startIcon={<DeleteForeverIcon />}
        onClick={() => setOpen(true)}
      >
        Decommission
      </Button>
      {open && (
        <DecommissionDialog
          entity={entity}
          onClose={() => setOpen(false)}
          pollIntervalMs={props.pollIntervalMs}
        />
      )}
    </>
  );
}
