import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useId } from 'react';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'center', gap: theme.spacing(2) },
  reason: { maxWidth: 560 },
}));

/** Props of {@link ExplainedButton}. @internal */
export interface ExplainedButtonProps {
  label: ReactNode;
  icon: ReactNode;
  allowed: boolean;
  /** Why it is disabled, or what pressing it means; read with the button. */
  reason?: string;
  onClick: () => void;
  /** Shown beside the button, e.g. the dialog it opens. */
  children?: ReactNode;
}

/**
 * A workload action's button with the sentence that explains it next to it
 * (and tied to it for screen readers): why it is disabled and what to do
 * instead, or what it will do.
 *
 * @internal
 */
export function ExplainedButton(props: ExplainedButtonProps) {
  const classes = useStyles();
  const reasonId = useId();
  return (
    <div className={classes.root}>
      <Button
        variant="outlined"
        startIcon={props.icon}
        disabled={!props.allowed}
        aria-describedby={props.reason ? reasonId : undefined}
        onClick={props.onClick}
      >
        {props.label}
      </Button>
      {props.reason && (
        <Typography
          id={reasonId}
          variant="body2"
          color="textSecondary"
          className={classes.reason}
        >
          {props.reason}
        </Typography>
      )}
      {props.children}
    </div>
  );
}
