import { MetricPoints } from '@paasport/plugin-console-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const useStyles = makeStyles(theme => ({
  root: { margin: 0 },
  empty: { color: theme.palette.text.secondary, padding: theme.spacing(2) },
}));

/** A deploy to mark on the time axis. */
export interface ReleaseMarker {
  revision: number;
  /** Unix seconds. */
  at: number;
  images: string[];
}

/** Props of {@link MetricChart}. @internal */
export interface MetricChartProps {
  title: string;
  points: MetricPoints;
  format: (value: number) => string;
  range: { start: number; end: number };
  markers: ReleaseMarker[];
  /** This series failed while others answered. */
  error?: string;
}

const HEIGHT = 200;

/**
 * One metric over time, with a dashed line at each release so a change in
 * the curve can be matched to the revision that caused it.
 *
 * @internal
 */
export function MetricChart(props: MetricChartProps) {
  const { title, points, format, range, markers, error } = props;
  const classes = useStyles();
  const theme = useTheme();
  const long = range.end - range.start > 86400;
  const time = (t: number) =>
    DateTime.fromSeconds(t).toFormat(long ? 'LLL d HH:mm' : 'HH:mm');
  const data = points.map(([t, v]) => ({ t, v }));

  let body;
  if (error) {
    body = <Alert severity="warning">{`No data: ${error}`}</Alert>;
  } else if (!data.length) {
    body = (
      <Typography className={classes.empty}>No data in this range</Typography>
    );
  } else {
    body = (
      <ResponsiveContainer
        width="100%"
        height={HEIGHT}
        initialDimension={{ width: 400, height: HEIGHT }}
      >
        <LineChart
          data={data}
          margin={{ top: 16, right: 16, left: 8, bottom: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={[range.start, range.end]}
            tickFormatter={time}
          />
          <YAxis tickFormatter={format} width={72} />
          <Tooltip
            labelFormatter={label => time(Number(label))}
            formatter={value => [format(Number(value)), title]}
          />
          {markers.map(marker => (
            <ReferenceLine
              key={marker.revision}
              x={marker.at}
              stroke={theme.palette.secondary.main}
              strokeDasharray="4 2"
              label={{ value: `r${marker.revision}`, position: 'top' }}
            />
          ))}
          <Line
            type="monotone"
            dataKey="v"
            dot={false}
            isAnimationActive={false}
            stroke={theme.palette.primary.main}
          />
        </LineChart>
      </ResponsiveContainer>
    );
  }
  return (
    <figure className={classes.root} aria-label={title}>
      <Typography component="figcaption" variant="subtitle2">
        {title}
      </Typography>
      {body}
    </figure>
  );
}
