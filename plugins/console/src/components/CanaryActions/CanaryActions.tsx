import { usePermission } from '@backstage/plugin-permission-react';
import {
  CanaryActionName,
  CanaryDetail,
  CanarySummary,
  consoleWorkloadCanaryPermission,
} from '@paasport/plugin-console-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useId, useState } from 'react';
import { CanaryActionDialog } from './CanaryActionDialog';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

// Always in this order, so buttons do not jump as the phase changes.
const order: Array<[CanaryActionName, string]> = [
  ['promote', 'Promote'],
  ['pause', 'Pause'],
  ['resume', 'Resume'],
  ['abort', 'Abort'],
];

/** Props of {@link CanaryActions}. @internal */
export interface CanaryActionsProps {
  canary: CanarySummary;
  /** An action was accepted; the canary as it is now. */
  onDone: (canary: CanaryDetail) => void;
}

/**
 * Promote, Pause, Resume and Abort, each shown when the backend allows it
 * now (`allowedActions`) and enabled only with the canary permission on
 * the Component; each opens a dialog that asks for a comment.
 *
 * @internal
 */
export function CanaryActions(props: CanaryActionsProps) {
  const { canary } = props;
  const classes = useStyles();
  const permission = usePermission({
    permission: consoleWorkloadCanaryPermission,
    resourceRef: canary.entityRef,
  });
  const [open, setOpen] = useState<CanaryActionName>();
  const reasonId = useId();
  const shown = order.filter(([action]) =>
    canary.allowedActions.includes(action),
  );
  if (!shown.length) return null;
  const denied = !permission.loading && !permission.allowed;
  return (
    <div className={classes.root}>
      {shown.map(([action, label]) => (
        <Button
          key={action}
          variant={action === 'abort' ? 'contained' : 'outlined'}
          color={action === 'abort' ? 'secondary' : 'default'}
          disabled={!permission.allowed}
          aria-describedby={denied ? reasonId : undefined}
          onClick={() => setOpen(action)}
        >
          {label}
        </Button>
      ))}
      {denied && (
        <Typography id={reasonId} variant="body2" color="textSecondary">
          You are not allowed to change this canary: only the owners of{' '}
          {canary.entityRef} and admins can.
        </Typography>
      )}
      {open && (
        <CanaryActionDialog
          canary={canary}
          action={open}
          onClose={() => setOpen(undefined)}
          onDone={detail => {
            setOpen(undefined);
            props.onDone(detail);
          }}
        />
      )}
    </div>
  );
}
