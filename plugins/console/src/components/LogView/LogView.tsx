import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { useLayoutEffect, useRef } from 'react';
import { LogEntry } from '../../hooks/useLogStream';

const useStyles = makeStyles(theme => ({
  root: {
    height: '60vh',
    overflow: 'auto',
    padding: theme.spacing(1),
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
  },
  line: { whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  time: { color: theme.palette.text.secondary, marginRight: theme.spacing(1) },
  pod: { fontWeight: 'bold', marginRight: theme.spacing(1) },
  error: { color: theme.palette.error.main },
}));

// Stable per pod, so lines of one pod are easy to follow in a merged view.
const POD_COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
];
function podColour(pod: string) {
  let hash = 0;
  for (const char of pod) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return POD_COLOURS[hash % POD_COLOURS.length];
}

/**
 * Merged log lines of a workload's pods, each with its pod name; sticks to
 * the bottom unless the user has scrolled up to read.
 *
 * @internal
 */
export function LogView(props: { lines: LogEntry[]; label: string }) {
  const classes = useStyles();
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    if (stick.current && box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [props.lines]);

  return (
    <div
      ref={box}
      role="log"
      aria-label={props.label}
      // A scrollable region must take focus so keyboard users can scroll it.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      className={classes.root}
      onScroll={() => {
        const el = box.current;
        if (el)
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {props.lines.map(entry => (
        <div
          key={entry.id}
          className={`${classes.line} ${
            entry.type === 'error' ? classes.error : ''
          }`}
        >
          {entry.timestamp && (
            <span className={classes.time}>
              {DateTime.fromISO(entry.timestamp).toFormat('HH:mm:ss.SSS')}
            </span>
          )}
          {entry.pod && (
            <span
              className={classes.pod}
              style={{ color: podColour(entry.pod) }}
              title={
                entry.container ? `container ${entry.container}` : undefined
              }
            >
              {entry.pod}
            </span>
          )}
          {entry.type === 'error' ? `error: ${entry.text}` : entry.text}
        </div>
      ))}
    </div>
  );
}
