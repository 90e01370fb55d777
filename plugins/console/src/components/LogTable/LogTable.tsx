import { makeStyles } from '@material-ui/core/styles';
import { memo, ReactNode, useMemo } from 'react';
import { LogEntry } from '../../hooks/useLogStream';
import { FieldFilter, filterLabel } from '../../logs/fieldFilters';
import { LogTime, podColour, useLevelStyles } from '../LogLineParts';
import { fieldColumns } from './logColumns';

const useStyles = makeStyles(theme => ({
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th': {
      position: 'sticky',
      top: 0,
      textAlign: 'left',
      whiteSpace: 'nowrap',
      padding: theme.spacing(0.5, 1),
      backgroundColor: theme.palette.background.paper,
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    '& td': {
      padding: theme.spacing(0.25, 1),
      verticalAlign: 'top',
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
  nowrap: { whiteSpace: 'nowrap' },
  message: { whiteSpace: 'pre-wrap', wordBreak: 'break-word', minWidth: 240 },
  value: {
    font: 'inherit',
    color: 'inherit',
    background: 'none',
    border: 'none',
    padding: 0,
    textAlign: 'left',
    cursor: 'pointer',
    '&:hover, &:focus-visible': { textDecoration: 'underline' },
  },
  pod: { fontWeight: 'bold' },
  caption: {
    captionSide: 'top',
    textAlign: 'left',
    padding: theme.spacing(0.5, 1),
    color: theme.palette.text.secondary,
  },
}));

/**
 * Rows the table shows at most, the newest. A browser lays a table out as a
 * whole, so thousands of rows of a dozen columns make every new line cost
 * seconds; filtering by a value reaches the older lines.
 */
export const MAX_TABLE_ROWS = 500;

function TableRow(props: {
  entry: LogEntry;
  columns: string[];
  onFilter: (filter: FieldFilter) => void;
}) {
  const { entry, columns, onFilter } = props;
  const classes = useStyles();
  const levels = useLevelStyles();
  const record = entry.record;
  const level = entry.type === 'error' ? 'error' : record?.level;
  const value = (filter: FieldFilter, className?: string) => (
    <button
      type="button"
      className={`${classes.value} ${className ?? ''}`}
      title={`Show only ${filterLabel(filter)}`}
      onClick={() => onFilter(filter)}
    >
      {filter.value}
    </button>
  );
  const field = (key: string | undefined) =>
    key && record?.fields?.[key] !== undefined
      ? value({ on: 'field', key, value: record.fields[key] })
      : null;
  let message: ReactNode = entry.text; // plain text: the whole line
  if (entry.type === 'error') message = `error: ${entry.text}`;
  else if (record?.fields) message = field(record.messageKey);
  return (
    <tr className={level ? levels[level] : undefined} data-level={level}>
      <td className={classes.nowrap}>
        <LogTime timestamp={entry.timestamp} />
      </td>
      <td
        className={classes.nowrap}
        style={{ color: entry.pod && podColour(entry.pod) }}
      >
        {entry.pod &&
          value({ on: 'pod', key: 'pod', value: entry.pod }, classes.pod)}
      </td>
      <td>{entry.type === 'error' ? 'error' : field(record?.levelKey)}</td>
      <td className={classes.message}>{message}</td>
      {columns.map(column => (
        <td key={column}>{field(column)}</td>
      ))}
    </tr>
  );
}

/** Rows re-render only when their line or the columns change. */
const MemoTableRow = memo(TableRow);

/** Props of {@link LogTable}. @internal */
export interface LogTableProps {
  lines: LogEntry[];
  /** A value was clicked: show only lines with it. */
  onFilter: (filter: FieldFilter) => void;
}

/**
 * Log lines as a table: time, pod, level, message, then the fields of JSON
 * lines as columns. Clicking a value filters on it. Plain-text lines show in
 * the message column. Only the newest {@link MAX_TABLE_ROWS} lines are rows.
 *
 * @internal
 */
export function LogTable(props: LogTableProps) {
  const { lines, onFilter } = props;
  const classes = useStyles();
  const rows =
    lines.length > MAX_TABLE_ROWS ? lines.slice(-MAX_TABLE_ROWS) : lines;
  // Same columns, same array: rows then re-render only for new lines.
  const names = fieldColumns(rows).join('\n');
  const columns = useMemo(() => (names ? names.split('\n') : []), [names]);
  return (
    <table className={classes.table} aria-label="Log lines by field">
      {rows.length < lines.length && (
        <caption className={classes.caption}>
          {`The newest ${rows.length} of ${lines.length} lines; click a value to filter, or see all in the raw view.`}
        </caption>
      )}
      <thead>
        <tr>
          <th scope="col">time</th>
          <th scope="col">pod</th>
          <th scope="col">level</th>
          <th scope="col">message</th>
          {columns.map(column => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(entry => (
          <MemoTableRow
            key={entry.id}
            entry={entry}
            columns={columns}
            onFilter={onFilter}
          />
        ))}
      </tbody>
    </table>
  );
}
