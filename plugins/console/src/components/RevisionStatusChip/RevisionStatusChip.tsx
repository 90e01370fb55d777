import { Revision } from '@paasport/plugin-console-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  current: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  'rolling-out': {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  superseded: {},
}));

const labels: Record<Revision['status'], string> = {
  current: 'current',
  'rolling-out': 'rolling out',
  failed: 'failed',
  superseded: 'superseded',
};

/**
 * A revision's status as a chip: current, rolling out, failed, superseded.
 *
 * @internal
 */
export function RevisionStatusChip(props: { status: Revision['status'] }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={labels[props.status]}
      className={classes[props.status]}
      variant={props.status === 'superseded' ? 'outlined' : 'default'}
    />
  );
}
