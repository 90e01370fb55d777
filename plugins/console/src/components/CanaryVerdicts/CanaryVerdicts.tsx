import {
  CanaryMetricJudgement,
  CanaryTrackSummary,
  CanaryVerdictRecord,
} from '@paasport/plugin-console-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { Fragment } from 'react';
import { CanaryOutcomeChip } from '../CanaryOutcomeChip';

const useStyles = makeStyles(theme => ({
  query: {
    fontFamily: 'monospace',
    display: 'block',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: theme.spacing(0.5, 0),
  },
  muted: { color: theme.palette.text.secondary },
  summary: { cursor: 'pointer' },
}));

/** Props of {@link CanaryVerdicts}. @internal */
export interface CanaryVerdictsProps {
  /** The stable Deployment's name, for the table's name. */
  name: string;
  verdicts: CanaryVerdictRecord[];
}

/** A number as a person reads it: three significant digits at most. */
function formatNumber(value: number): string {
  return Number.isInteger(value)
    ? String(value)
    : String(+value.toPrecision(3));
}

function trackValue(track: CanaryTrackSummary, unit?: string): string {
  if (track.median === null) return 'no data';
  const value = `${formatNumber(track.median)}${unit ? ` ${unit}` : ''}`;
  return track.total === undefined
    ? value
    : `${value} · ${track.total} requests`;
}

function pValueText(judgement: CanaryMetricJudgement): string {
  if (!judgement.test) return 'not run';
  const p = judgement.test.pValue;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function MetricCells(props: { judgement: CanaryMetricJudgement }) {
  const { judgement } = props;
  const classes = useStyles();
  return (
    <>
      <TableCell>{judgement.name}</TableCell>
      <TableCell>
        <CanaryOutcomeChip label={judgement.outcome} />
      </TableCell>
      <TableCell>{trackValue(judgement.canary, judgement.unit)}</TableCell>
      <TableCell>{trackValue(judgement.stable, judgement.unit)}</TableCell>
      <TableCell>
        {judgement.canary.samples} / {judgement.stable.samples}
      </TableCell>
      <TableCell>{pValueText(judgement)}</TableCell>
      <TableCell>{judgement.reason}</TableCell>
      <TableCell>
        <details>
          <summary className={classes.summary}>Queries</summary>
          <Typography variant="caption" className={classes.muted}>
            Canary
          </Typography>
          <code className={classes.query}>{judgement.queries.canary}</code>
          <Typography variant="caption" className={classes.muted}>
            Stable
          </Typography>
          <code className={classes.query}>{judgement.queries.stable}</code>
        </details>
      </TableCell>
    </>
  );
}

/**
 * Every analysis of a canary, newest first: the step's verdict, then per
 * metric the canary's and the stable track's medians, the samples each had,
 * the rank test's p-value and the backend's reason, with the PromQL behind
 * them on demand.
 *
 * @internal
 */
export function CanaryVerdicts(props: CanaryVerdictsProps) {
  const classes = useStyles();
  const newestFirst = [...props.verdicts].sort(
    (a, b) => Date.parse(b.verdict.judgedAt) - Date.parse(a.verdict.judgedAt),
  );
  return (
    <Table size="small" aria-label={`Verdicts of the canary of ${props.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Step</TableCell>
          <TableCell>Verdict</TableCell>
          <TableCell>Metric</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Canary median</TableCell>
          <TableCell>Stable median</TableCell>
          <TableCell>Samples (canary / stable)</TableCell>
          <TableCell>p-value</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Queries</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {newestFirst.map(record => {
          const { verdict } = record;
          const span = Math.max(1, verdict.metrics.length);
          const head = (
            <>
              <TableCell rowSpan={span}>
                {record.stepIndex + 1} · {record.weight} %
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.muted}
                >
                  {DateTime.fromISO(verdict.judgedAt).toLocaleString(
                    DateTime.TIME_WITH_SECONDS,
                  )}
                </Typography>
              </TableCell>
              <TableCell rowSpan={span}>
                <CanaryOutcomeChip label={verdict.outcome} />
              </TableCell>
            </>
          );
          if (!verdict.metrics.length) {
            return (
              <TableRow key={record.id}>
                {head}
                <TableCell colSpan={8} className={classes.muted}>
                  No metric was judged.
                </TableCell>
              </TableRow>
            );
          }
          return (
            <Fragment key={record.id}>
              {verdict.metrics.map((judgement, index) => (
                <TableRow key={judgement.name}>
                  {index === 0 && head}
                  <MetricCells judgement={judgement} />
                </TableRow>
              ))}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
