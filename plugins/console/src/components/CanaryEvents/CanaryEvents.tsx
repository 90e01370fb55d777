import { CanaryHistoryEvent } from '@paasport/plugin-console-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  muted: { color: theme.palette.text.secondary },
}));

/**
 * A canary's history as the backend kept it, oldest first: each decision,
 * Paasport's own or a person's, with its sentence.
 *
 * @internal
 */
export function CanaryEvents(props: {
  events: CanaryHistoryEvent[];
  /** The accessible name of the list. */
  label: string;
}) {
  const classes = useStyles();
  if (!props.events.length) {
    return (
      <Typography variant="body2" className={classes.muted}>
        Nothing has happened yet.
      </Typography>
    );
  }
  return (
    <ol className={classes.list} aria-label={props.label}>
      {props.events.map(event => (
        <li key={`${event.at}-${event.kind}-${event.message}`}>
          <Typography variant="body2">
            <span className={classes.muted}>
              {DateTime.fromISO(event.at).toLocaleString(
                DateTime.DATETIME_SHORT_WITH_SECONDS,
              )}{' '}
              · step {event.stepIndex + 1} · {event.by ?? 'Paasport'}:
            </span>{' '}
            {event.message}
          </Typography>
        </li>
      ))}
    </ol>
  );
}
