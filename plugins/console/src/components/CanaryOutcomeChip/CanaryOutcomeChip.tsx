import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

/**
 * What a chip can say: a verdict's outcome, a finished canary's outcome, or
 * a running canary's phase.
 *
 * @internal
 */
export type CanaryChipTone = 'good' | 'bad' | 'waiting' | 'busy';

const useStyles = makeStyles(theme => ({
  good: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  bad: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  waiting: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  busy: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
}));

const tones: Record<string, CanaryChipTone> = {
  pass: 'good',
  promoted: 'good',
  fail: 'bad',
  failed: 'bad',
  aborted: 'bad',
  aborting: 'bad',
  inconclusive: 'waiting',
  paused: 'waiting',
};

/**
 * A canary word as a coloured chip: pass/promoted green, fail/aborted red,
 * inconclusive/paused amber, the phases of a running canary blue.
 *
 * @internal
 */
export function CanaryOutcomeChip(props: { label: string }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.label}
      className={classes[tones[props.label] ?? 'busy']}
    />
  );
}
