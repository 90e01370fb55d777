import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import {
  comparisonRule,
  ComparisonOutcome,
  RevisionComparisonResponse,
  RevisionMeasurement,
} from '@paasport/plugin-console-common';
import {
  formatDuration,
  formatErrorRate,
  formatLatency,
  formatMoment,
} from './comparisonFormat';

/** Props of {@link RevisionComparisonChip}. @public */
export interface RevisionComparisonChipProps {
  /** The console's answer; absent while loading or after an error. */
  comparison?: RevisionComparisonResponse;
  loading?: boolean;
  error?: Error;
  /** Put before the numbers, e.g. `r5 vs r4`. */
  prefix?: string;
  /** How the tooltip names the two sides; default `revision N`. */
  names?: { revision?: string; against?: string };
}

const useStyles = makeStyles(theme => ({
  // Doubled to outrank the outlined chip's own border, whichever style
  // sheet comes first.
  worse: {
    '&&': {
      borderColor: theme.palette.error.main,
      color: theme.palette.error.main,
    },
    '& svg': { color: theme.palette.error.main },
  },
  slower: {
    '&&': {
      borderColor: theme.palette.warning.main,
      color: theme.palette.warning.dark,
    },
    '& svg': { color: theme.palette.warning.main },
  },
  // Narrow cells (a status card beside About) wrap the label instead of
  // letting the chip run out of its cell.
  wrapping: { maxWidth: '100%', height: 'auto', minHeight: 24 },
  wrappingLabel: { whiteSpace: 'normal', paddingTop: 2, paddingBottom: 2 },
  tooltip: { whiteSpace: 'pre-line' },
  // Read out, not shown: colour and icon say it to the eye.
  verdict: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

const capitalised = (text: string) =>
  text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);

// Said from the rule itself, so the tooltip cannot drift from the verdict.
const RULE = `Worse means an error rate at least ${
  comparisonRule.errorRateFactor
}× and ${
  comparisonRule.errorRatePoints * 100
} point higher, or a p95 at least ${comparisonRule.latencyFactor}× and ${
  comparisonRule.latencySeconds * 1000
} ms higher.`;

function pair(
  what: string,
  a: number | null,
  b: number | null,
  format: (v: number) => string,
): string | undefined {
  if (a === null && b === null) return undefined;
  const show = (v: number | null) =>
    v === null ? 'not enough data' : format(v);
  return `${what} ${show(a)} vs ${show(b)}`;
}

/**
 * The words of a comparison, e.g. `errors 6.1 % vs 0.4 % · p95 490 ms vs
 * 48 ms`; `not enough data` when neither side has enough requests.
 *
 * @public
 */
export function comparisonLabel(
  comparison: Extract<RevisionComparisonResponse, { state: 'ok' }>,
): string {
  const { revision: a, against: b } = comparison;
  const parts = [
    pair('errors', a.errorRate, b.errorRate, formatErrorRate),
    pair('p95', a.latencyP95, b.latencyP95, formatLatency),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'not enough data';
}

function describeSide(name: string, side: RevisionMeasurement): string {
  const { since, until } = side.current;
  const current =
    until === undefined
      ? `current since ${formatMoment(since)}`
      : `current ${formatMoment(since)} – ${formatMoment(until)}`;
  const measured = side.window.end - side.window.start;
  const whole = (until ?? side.window.end) - since;
  const window =
    measured < whole
      ? `measured the last ${formatDuration(measured)} of it`
      : `measured all ${formatDuration(measured)} of it`;
  const enough = side.errorRate === null ? ' (too few to judge by)' : '';
  return `${name}: ${current}; ${window}: ${side.requests.toLocaleString(
    'en-US',
  )} requests${enough}.`;
}

const verdictWords: Record<ComparisonOutcome, string> = {
  worse: 'worse',
  better: 'better',
  similar: 'no clear difference',
  'not-enough-data': 'not enough data',
};

/**
 * A revision's error rate and p95 latency against another revision's, as a
 * chip: red when its error rate is clearly worse, amber when only its
 * latency is, neutral otherwise; the tooltip says which times were measured
 * and the rule. Shows "comparing…" while loading, a neutral chip when the
 * comparison failed, and nothing where there is nothing to compare (no
 * Prometheus, a first release).
 *
 * @public
 */
export function RevisionComparisonChip(props: RevisionComparisonChipProps) {
  const { comparison, loading, error, prefix, names } = props;
  const classes = useStyles();
  if (error) {
    return (
      <Tooltip title={error.message}>
        <Chip size="small" variant="outlined" label="comparison unavailable" />
      </Tooltip>
    );
  }
  if (!comparison) {
    return loading ? (
      <Typography variant="caption" color="textSecondary">
        comparing…
      </Typography>
    ) : null;
  }
  if (comparison.state !== 'ok') return null;
  const { verdict, revision, against } = comparison;
  let tone: 'error' | 'warning' | 'neutral' = 'neutral';
  if (verdict.errorRate === 'worse') tone = 'error';
  else if (verdict.latencyP95 === 'worse') tone = 'warning';
  const label = `${prefix ? `${prefix}: ` : ''}${comparisonLabel(comparison)}`;
  const subject = names?.revision ?? `Revision ${revision.revision}`;
  const baseline = names?.against ?? `revision ${against.revision}`;
  const title = [
    `${subject} against ${baseline}: ${verdictWords[verdict.overall]}.`,
    describeSide(subject, revision),
    describeSide(capitalised(baseline), against),
    RULE,
  ].join('\n');
  return (
    <Tooltip title={<span className={classes.tooltip}>{title}</span>}>
      <Chip
        size="small"
        variant="outlined"
        className={
          { error: classes.worse, warning: classes.slower, neutral: undefined }[
            tone
          ]
        }
        classes={{ root: classes.wrapping, label: classes.wrappingLabel }}
        data-tone={tone}
        icon={verdict.overall === 'worse' ? <WarningIcon /> : undefined}
        label={
          <>
            <span className={classes.verdict}>
              {`${verdictWords[verdict.overall]}: `}
            </span>
            {label}
          </>
        }
      />
    </Tooltip>
  );
}
