import { makeStyles } from '@material-ui/core/styles';
import { memo, useLayoutEffect, useRef } from 'react';
import { LogEntry } from '../../hooks/useLogStream';
import { FieldFilter } from '../../logs/fieldFilters';
import { LogTable } from '../LogTable';
import { LogTime, podColour, useLevelStyles } from '../LogLineParts';

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
  line: {
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    paddingLeft: theme.spacing(0.75),
  },
  time: { color: theme.palette.text.secondary, marginRight: theme.spacing(1) },
  pod: { fontWeight: 'bold', marginRight: theme.spacing(1) },
}));

function RawLine(props: { entry: LogEntry }) {
  const { entry } = props;
  const classes = useStyles();
  const levels = useLevelStyles();
  const level = entry.type === 'error' ? 'error' : entry.record?.level;
  return (
    <div
      className={`${classes.line} ${level ? levels[level] : ''}`}
      data-level={level}
    >
      <LogTime className={classes.time} timestamp={entry.timestamp} />
      {entry.pod && (
        <span
          className={classes.pod}
          style={{ color: podColour(entry.pod) }}
          title={entry.container ? `container ${entry.container}` : undefined}
        >
          {entry.pod}
        </span>
      )}
      {entry.type === 'error' ? `error: ${entry.text}` : entry.text}
    </div>
  );
}

/** Lines re-render only when they change, not on every batch. */
const MemoRawLine = memo(RawLine);

/** Props of {@link LogView}. @internal */
export interface LogViewProps {
  lines: LogEntry[];
  label: string;
  /** Lines as they were written, or JSON fields as columns. */
  view: 'raw' | 'table';
  /** Called with a field value the user clicked in the table. */
  onFilter: (filter: FieldFilter) => void;
}

/**
 * Merged log lines of a workload's pods in time order, each with its time
 * and pod, coloured by level; sticks to the bottom unless the user has
 * scrolled up to read.
 *
 * @internal
 */
export function LogView(props: LogViewProps) {
  const { lines, label, view, onFilter } = props;
  const classes = useStyles();
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    if (stick.current && box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [lines, view]);

  return (
    <div
      ref={box}
      role="log"
      aria-label={label}
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
      {view === 'table' ? (
        <LogTable lines={lines} onFilter={onFilter} />
      ) : (
        lines.map(entry => <MemoRawLine key={entry.id} entry={entry} />)
      )}
    </div>
  );
}
