import { TemplateChange } from '@paasport/plugin-console-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  value: {
    fontFamily: 'monospace',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: 0,
  },
  removed: { backgroundColor: theme.palette.errorBackground },
  added: { backgroundColor: theme.palette.infoBackground },
}));

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The backend leaves out environment variable values; say so. */
function shown(change: TemplateChange, value: unknown): string {
  const hidden =
    change.change === 'changed' &&
    change.from === undefined &&
    change.to === undefined;
  return hidden ? '(value hidden)' : show(value);
}

/**
 * What a rollback changes in the pod template: each changed field with the
 * running value and the value it goes back to.
 *
 * @internal
 */
export function TemplateDiff(props: {
  changes: TemplateChange[];
  from: number;
  to: number;
}) {
  const classes = useStyles();
  if (!props.changes.length) {
    return (
      <Typography>
        Revisions {props.from} and {props.to} have the same pod template:
        rolling back would change nothing.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Pod template changes">
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Now (revision {props.from})</TableCell>
          <TableCell>After rollback (revision {props.to})</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.changes.map(change => (
          <TableRow key={change.path}>
            <TableCell>
              <code>{change.path}</code>
            </TableCell>
            <TableCell
              className={change.from !== undefined ? classes.removed : ''}
            >
              <pre className={classes.value}>{shown(change, change.from)}</pre>
            </TableCell>
            <TableCell className={change.to !== undefined ? classes.added : ''}>
              <pre className={classes.value}>{shown(change, change.to)}</pre>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
