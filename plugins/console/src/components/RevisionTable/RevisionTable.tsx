import { Revision } from '@paasport/plugin-console-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { ReactNode } from 'react';
import { RevisionStatusChip } from '../RevisionStatusChip';

const useStyles = makeStyles(theme => ({
  image: {
    fontFamily: 'monospace',
    display: 'block',
    wordBreak: 'break-all',
  },
  muted: { color: theme.palette.text.secondary },
  status: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** Props of {@link RevisionTable}. @internal */
export interface RevisionTableProps {
  revisions: Revision[];
  label: string;
  /** The workload's current revision, whose row gets `comparison`. */
  current?: number;
  /** How the current revision compares with the one before it. */
  comparison?: ReactNode;
}

/**
 * A workload's revision history, newest first.
 *
 * @internal
 */
export function RevisionTable(props: RevisionTableProps) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Revision</TableCell>
          <TableCell>Images</TableCell>
          <TableCell>Change cause</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.revisions.map(revision => {
          const created = DateTime.fromISO(revision.createdAt);
          return (
            <TableRow key={revision.name}>
              <TableCell>{revision.revision}</TableCell>
              <TableCell>
                {revision.images.map(image => (
                  <code key={image} className={classes.image}>
                    {image}
                  </code>
                ))}
              </TableCell>
              <TableCell>
                {revision.changeCause ?? (
                  <span className={classes.muted}>not recorded</span>
                )}
              </TableCell>
              <TableCell>
                {/* Relative for scanning; the exact time on hover. */}
                <Tooltip title={created.toLocaleString(DateTime.DATETIME_FULL)}>
                  <span>{created.toRelative()}</span>
                </Tooltip>
              </TableCell>
              <TableCell>
                {revision.replicas.ready}/{revision.replicas.desired}
              </TableCell>
              <TableCell>
                <div className={classes.status}>
                  <RevisionStatusChip status={revision.status} />
                  {revision.revision === props.current && props.comparison}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
