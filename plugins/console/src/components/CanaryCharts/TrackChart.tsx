import { MetricPoints } from '@paasport/plugin-console-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const HEIGHT = 180;

const useStyles = makeStyles(theme => ({
  root: { margin: 0 },
  empty: { color: theme.palette.text.secondary, padding: theme.spacing(1) },
}));

/** Props of {@link TrackChart}. @internal */
export interface TrackChartProps {
  title: string;
  format: (value: number) => string;
  range: { start: number; end: number };
  stable?: MetricPoints;
  canary?: MetricPoints;
  /** Why a track has no series, said under the chart. */
  problems: string[];
}

/** Both tracks' points as rows by time, for one chart with two lines. */
function mergeTracks(stable: MetricPoints = [], canary: MetricPoints = []) {
  const rows = new Map<
    number,
    { t: number; stable?: number; canary?: number }
  >();
  for (const [t, v] of stable) rows.set(t, { t, stable: v });
  for (const [t, v] of canary)
    rows.set(t, { ...(rows.get(t) ?? { t }), canary: v });
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * One metric of the stable and the canary track in one chart, so a
 * difference between them shows where it starts.
 *
 * @internal
 */
export function TrackChart(props: TrackChartProps) {
  const { title, format, range, problems } = props;
  const classes = useStyles();
  const theme = useTheme();
  const data = mergeTracks(props.stable, props.canary);
  const time = (t: number) => DateTime.fromSeconds(t).toFormat('HH:mm');
  return (
    <figure className={classes.root} aria-label={title}>
      <Typography component="figcaption" variant="subtitle2">
        {title}
      </Typography>
      {data.length ? (
        <ResponsiveContainer
          width="100%"
          height={HEIGHT}
          initialDimension={{ width: 420, height: HEIGHT }}
        >
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[range.start, range.end]}
              tickFormatter={time}
            />
            <YAxis tickFormatter={format} width={64} />
            <Tooltip
              labelFormatter={label => time(Number(label))}
              formatter={value => format(Number(value))}
            />
            <Legend />
            <Line
              name="stable"
              dataKey="stable"
              dot={false}
              connectNulls
              isAnimationActive={false}
              stroke={theme.palette.primary.main}
            />
            <Line
              name="canary"
              dataKey="canary"
              dot={false}
              connectNulls
              isAnimationActive={false}
              stroke={theme.palette.secondary.main}
              strokeDasharray="6 3"
            />
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <Typography className={classes.empty}>No data yet</Typography>
      )}
      {problems.map(problem => (
        <Alert key={problem} severity="warning">
          {problem}
        </Alert>
      ))}
    </figure>
  );
}
