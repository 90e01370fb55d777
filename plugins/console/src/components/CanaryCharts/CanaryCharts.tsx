import { Progress } from '@backstage/core-components';
import { CanarySummary, MetricName } from '@paasport/plugin-console-common';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { TrackMetrics, useCanaryMetrics } from '../../hooks/useCanaryMetrics';
import { TrackChart } from './TrackChart';

/** The metrics every canary is judged on, as the Metrics tab charts them. */
const charts: Array<{
  metric: MetricName;
  title: string;
  format: (value: number) => string;
}> = [
  {
    metric: 'errorRate',
    title: 'Error rate (5xx) per track',
    format: v => `${+(v * 100).toFixed(2)} %`,
  },
  {
    metric: 'latencyP95',
    title: 'Latency p95 per track',
    format: v => `${Math.round(v * 1000)} ms`,
  },
];

function seriesOf(track: TrackMetrics, metric: MetricName) {
  if (track.state === 'loaded' && track.response.state === 'ok') {
    return track.response.series[metric];
  }
  return undefined;
}

function problemOf(
  track: TrackMetrics,
  metric: MetricName,
  label: string,
): string | undefined {
  if (track.state === 'failed') {
    return `No ${label} series: ${track.error.message}`;
  }
  if (track.response.state === 'unconfigured') return undefined;
  const error = track.response.errors[metric];
  return error ? `No ${label} series: ${error}` : undefined;
}

/** Props of {@link CanaryCharts}. @internal */
export interface CanaryChartsProps {
  canary: CanarySummary;
  /** Milliseconds between refreshes; 0 or null: never. */
  refreshMs?: number | null;
}

/**
 * Error rate and p95 latency of the stable and the canary Deployment over
 * the canary's lifetime, each metric in one chart with a line per track.
 *
 * @internal
 */
export function CanaryCharts(props: CanaryChartsProps) {
  const { canary } = props;
  const { value, loading, error } = useCanaryMetrics(canary, props.refreshMs);
  if (!value) {
    if (loading) return <Progress />;
    return error ? (
      <Alert severity="warning">
        Could not chart the tracks: {error.message}
      </Alert>
    ) : null;
  }
  const reference =
    value.stable.state === 'loaded' ? value.stable.response : undefined;
  const answered =
    reference ??
    (value.canary.state === 'loaded' ? value.canary.response : undefined);
  if (answered?.state === 'unconfigured') {
    return <Alert severity="info">{answered.message}</Alert>;
  }
  const range =
    answered?.state === 'ok'
      ? answered.range
      : { start: Date.parse(canary.createdAt) / 1000, end: Date.now() / 1000 };
  return (
    <Grid container spacing={2}>
      {charts.map(chart => (
        <Grid item xs={12} md={6} key={chart.metric}>
          <TrackChart
            title={chart.title}
            format={chart.format}
            range={range}
            stable={seriesOf(value.stable, chart.metric)}
            canary={seriesOf(value.canary, chart.metric)}
            problems={[
              problemOf(value.stable, chart.metric, `${canary.name} (stable)`),
              problemOf(
                value.canary,
                chart.metric,
                `${canary.canaryName} (canary)`,
              ),
            ].filter((p): p is string => !!p)}
          />
        </Grid>
      ))}
    </Grid>
  );
}
