import { CanarySummary } from '@paasport/plugin-console-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Progress } from '@backstage/core-components';
import {
  backendMessage,
  isCanaryRunning,
  phaseLabel,
} from '../../canary/canaryText';
import { useCanary } from '../../hooks/useCanary';
import { CanaryActions } from '../CanaryActions';
import { CanaryEvents } from '../CanaryEvents';
import { CanaryOutcomeChip } from '../CanaryOutcomeChip';
import { CanaryVerdicts } from '../CanaryVerdicts';
import { CanaryStatus } from './CanaryStatus';

// The charts bring recharts: loaded only when a canary runs, so the
// Releases tab's own code stays small.
const CanaryCharts = lazy(() =>
  import('../CanaryCharts').then(m => ({ default: m.CanaryCharts })),
);

const useStyles = makeStyles(theme => ({
  root: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  part: { marginTop: theme.spacing(2) },
  summary: { cursor: 'pointer' },
}));

/** Props of {@link CanaryPanel}. @internal */
export interface CanaryPanelProps {
  /** The canary as the Component's list has it. */
  canary: CanarySummary;
  /** It finished, or an action changed it: reload the canaries and releases. */
  onChanged: () => void;
  /** Milliseconds between polls of the canary. */
  pollIntervalMs?: number;
  /** Milliseconds between chart refreshes; 0 or null: never. */
  chartRefreshMs?: number | null;
}

/**
 * A running canary of one Deployment: phase and message, progress, weights
 * and pods, the buttons a person may use now, charts of both tracks and
 * every verdict. Polls the canary until it is promoted or aborted.
 *
 * @internal
 */
export function CanaryPanel(props: CanaryPanelProps) {
  const classes = useStyles();
  const detail = useCanary(
    props.canary.id,
    isCanaryRunning(props.canary),
    props.pollIntervalMs,
  );
  // The detail is fresher than the list it was opened from.
  const canary = detail.value ?? props.canary;
  const running = isCanaryRunning(canary);

  const changed = useRef(props.onChanged);
  changed.current = props.onChanged;
  useEffect(() => {
    // Once it is over, the list moves it to the history.
    if (!running) changed.current();
  }, [running]);

  const { name, cluster } = canary;
  return (
    <section
      className={classes.root}
      aria-label={`Canary of ${name} on ${cluster}`}
    >
      <div className={classes.header}>
        <Typography variant="subtitle1" component="h4">
          Canary {canary.canaryName}
        </Typography>
        <CanaryOutcomeChip label={phaseLabel(canary.phase)} />
      </div>
      <Typography variant="body2">{canary.message}</Typography>
      {detail.error && (
        <Alert severity="warning">
          Could not refresh the canary: {backendMessage(detail.error)}
        </Alert>
      )}
      <CanaryStatus canary={canary} />
      <CanaryActions
        canary={canary}
        onDone={() => {
          detail.retry();
          changed.current();
        }}
      />
      <div className={classes.part}>
        <Suspense fallback={<Progress />}>
          <CanaryCharts canary={canary} refreshMs={props.chartRefreshMs} />
        </Suspense>
      </div>
      <div className={classes.part}>
        {detail.value && detail.value.verdicts.length > 0 && (
          <CanaryVerdicts name={name} verdicts={detail.value.verdicts} />
        )}
        {detail.value && !detail.value.verdicts.length && (
          <Typography variant="body2" color="textSecondary">
            No analysis yet: each step is analysed once its pause is over.
          </Typography>
        )}
      </div>
      {detail.value && (
        <details className={classes.part}>
          <summary className={classes.summary}>History of this canary</summary>
          <CanaryEvents
            events={detail.value.events}
            label={`Events of the canary of ${name}`}
          />
        </details>
      )}
    </section>
  );
}
