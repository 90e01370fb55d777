import { Progress } from '@backstage/core-components';
import { CanarySummary } from '@paasport/plugin-console-common';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import { Fragment, useState } from 'react';
import {
  backendMessage,
  canaryOutcome,
  durationBetween,
} from '../../canary/canaryText';
import { useCanary } from '../../hooks/useCanary';
import { CanaryEvents } from '../CanaryEvents';
import { CanaryOutcomeChip } from '../CanaryOutcomeChip';
import { CanaryVerdicts } from '../CanaryVerdicts';

const useStyles = makeStyles(theme => ({
  title: { marginTop: theme.spacing(2) },
  image: { fontFamily: 'monospace', display: 'block', wordBreak: 'break-all' },
  details: { padding: theme.spacing(1, 2, 2) },
}));

/** Props of {@link CanaryHistory}. @internal */
export interface CanaryHistoryProps {
  /** The stable Deployment. */
  name: string;
  cluster: string;
  /** Its finished canaries, newest first. */
  canaries: CanarySummary[];
}

/** Verdicts and events of one past canary, loaded when its row opens. */
function PastCanaryDetails(props: { canary: CanarySummary }) {
  const { canary } = props;
  const { value, error } = useCanary(canary.id, false);
  if (error) {
    return (
      <Alert severity="warning">
        Could not load the canary: {backendMessage(error)}
      </Alert>
    );
  }
  if (!value) return <Progress />;
  return (
    <>
      {value.verdicts.length ? (
        <CanaryVerdicts name={canary.name} verdicts={value.verdicts} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          It ended before any analysis.
        </Typography>
      )}
      <Typography variant="subtitle2">Events</Typography>
      <CanaryEvents
        events={value.events}
        label={`Events of the canary of ${canary.name} started ${canary.createdAt}`}
      />
    </>
  );
}

/**
 * A Deployment's past canaries: how each ended, who started it, when and
 * for how long, and its last word; a row opens on its verdicts and events.
 *
 * @internal
 */
export function CanaryHistory(props: CanaryHistoryProps) {
  const classes = useStyles();
  const [open, setOpen] = useState<string>();
  if (!props.canaries.length) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h4" className={classes.title}>
        Past canaries
      </Typography>
      <Table
        size="small"
        aria-label={`Past canaries of ${props.name} on ${props.cluster}`}
      >
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Outcome</TableCell>
            <TableCell>Release</TableCell>
            <TableCell>Started by</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Final message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.canaries.map(canary => {
            const expanded = open === canary.id;
            const outcome = canaryOutcome(canary);
            const end = canary.finishedAt ?? canary.updatedAt;
            return (
              <Fragment key={canary.id}>
                <TableRow>
                  <TableCell padding="checkbox">
                    <IconButton
                      size="small"
                      aria-expanded={expanded}
                      aria-label="Verdicts and events"
                      onClick={() => setOpen(expanded ? undefined : canary.id)}
                    >
                      {expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                    </IconButton>
                  </TableCell>
                  <TableCell>
                    <CanaryOutcomeChip label={outcome ?? canary.phase} />
                  </TableCell>
                  <TableCell>
                    {Object.values(canary.images).map(image => (
                      <code key={image} className={classes.image}>
                        {image}
                      </code>
                    ))}
                  </TableCell>
                  <TableCell>{canary.actor}</TableCell>
                  <TableCell>
                    {DateTime.fromISO(canary.createdAt).toLocaleString(
                      DateTime.DATETIME_SHORT,
                    )}
                  </TableCell>
                  <TableCell>
                    {durationBetween(canary.createdAt, end)}
                  </TableCell>
                  <TableCell>{canary.message}</TableCell>
                </TableRow>
                {expanded && (
                  <TableRow>
                    <TableCell colSpan={7} className={classes.details}>
                      <PastCanaryDetails canary={canary} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
}
