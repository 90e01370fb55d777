import { MetricPoints, ReleaseMarker } from '@paasport/plugin-console-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import useMeasure from 'react-use/esm/useMeasure';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { layoutMarkers, MarkerGroup, markerName } from './markerLayout';

const HEIGHT = 200;
const LANE = 18;
// The plot's inset in the chart: margin plus the Y axis on the left.
const MARGIN = { top: 8, right: 16, left: 8, bottom: 0 };
const Y_AXIS_WIDTH = 72;
const PLOT_LEFT = MARGIN.left + Y_AXIS_WIDTH;

const useStyles = makeStyles(theme => ({
  root: { margin: 0 },
  empty: { color: theme.palette.text.secondary, padding: theme.spacing(2) },
  chart: { position: 'relative' },
  lane: { position: 'relative', height: LANE },
  marker: {
    position: 'absolute',
    top: 0,
    lineHeight: `${LANE}px`,
    fontSize: 12,
    whiteSpace: 'nowrap',
    color: theme.palette.secondary.main,
    cursor: 'default',
  },
  tooltip: { whiteSpace: 'pre-line' },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    fontSize: 12,
    lineHeight: '18px',
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    marginRight: theme.spacing(0.5),
    verticalAlign: 'middle',
  },
}));

// How strongly bands shade the plot (the legend's small swatches are three
// times as strong, to be told apart at all).
const BAND_OPACITY = 0.12;

/**
 * A stretch of time to shade, e.g. the window a revision was measured in.
 *
 * @internal
 */
export interface MetricBand {
  /** Unix seconds. */
  start: number;
  end: number;
  /** Said in the legend above the plot, beside the band's colour. */
  label: string;
  tone?: 'error' | 'warning' | 'neutral';
}

/** Props of {@link MetricChart}. @internal */
export interface MetricChartProps {
  title: string;
  points: MetricPoints;
  format: (value: number) => string;
  range: { start: number; end: number };
  markers: ReleaseMarker[];
  /** A count (restarts, pods): whole numbers on the axis. */
  integer?: boolean;
  /** Shaded stretches behind the line. */
  bands?: MetricBand[];
  /** This series failed while others answered. */
  error?: string;
}

function bandColour(theme: Theme, tone: MetricBand['tone']) {
  if (tone === 'error') return theme.palette.error.main;
  if (tone === 'warning') return theme.palette.warning.main;
  return theme.palette.text.secondary;
}

function MarkerLabel(props: {
  group: MarkerGroup;
  time: (t: number) => string;
}) {
  const { group, time } = props;
  const classes = useStyles();
  const lines = group.markers.map(m => {
    const what =
      m.kind === 'rollback'
        ? `rollback to revision ${m.toRevision ?? m.revision}`
        : `revision ${m.revision} released`;
    const images = m.images.length ? `: ${m.images.join(', ')}` : '';
    return `${markerName(m)} · ${time(m.at)} · ${what}${images}`;
  });
  return (
    <Tooltip
      title={<span className={classes.tooltip}>{lines.join('\n')}</span>}
    >
      <span
        className={classes.marker}
        style={{ left: PLOT_LEFT + group.left }}
        data-testid="release-marker"
      >
        {group.label}
      </span>
    </Tooltip>
  );
}

/**
 * What the shaded bands are, above the plot rather than inside it: a band
 * can be a sliver of a long range (a day of a week), too narrow for its
 * label, and labels of neighbouring bands would cover each other.
 */
function BandLegend(props: { bands: MetricBand[] }) {
  const classes = useStyles();
  const theme = useTheme();
  return (
    <div className={classes.legend} data-testid="band-legend">
      {[...props.bands]
        .sort((a, b) => a.start - b.start)
        .map(band => (
          <span
            key={`${band.start}-${band.label}`}
            style={{ color: bandColour(theme, band.tone) }}
          >
            <span
              className={classes.swatch}
              style={{
                backgroundColor: bandColour(theme, band.tone),
                opacity: BAND_OPACITY * 3,
              }}
            />
            {band.label}
          </span>
        ))}
    </div>
  );
}

/**
 * One metric over time, with a dashed line at each release so a change in
 * the curve can be matched to the revision that caused it; labels of
 * releases close together are grouped (`r1–r3`) so none hides another.
 *
 * @internal
 */
export function MetricChart(props: MetricChartProps) {
  const { title, points, format, range, markers, integer, bands, error } =
    props;
  const classes = useStyles();
  const theme = useTheme();
  const [measure, measured] = useMeasure<HTMLDivElement>();
  const long = range.end - range.start > 86400;
  const time = (t: number) =>
    DateTime.fromSeconds(t).toFormat(long ? 'LLL d HH:mm' : 'HH:mm');
  const data = points.map(([t, v]) => ({ t, v }));
  // Before the first measurement (and in tests) assume a typical width.
  const plotWidth = (measured.width || 480) - PLOT_LEFT - MARGIN.right;
  const groups = layoutMarkers(markers, { ...range, width: plotWidth });
  const clamp = (t: number) => Math.min(range.end, Math.max(range.start, t));
  const visibleBands = (bands ?? []).filter(
    b => b.end > range.start && b.start < range.end,
  );

  let body;
  if (error) {
    body = <Alert severity="warning">{`No data: ${error}`}</Alert>;
  } else if (!data.length) {
    body = (
      <Typography className={classes.empty}>No data in this range</Typography>
    );
  } else {
    body = (
      <div ref={measure} className={classes.chart}>
        {visibleBands.length > 0 && <BandLegend bands={visibleBands} />}
        <div className={classes.lane}>
          {groups.map(group => (
            <MarkerLabel
              key={`${group.markers[0].at}-${group.label}`}
              group={group}
              time={time}
            />
          ))}
        </div>
        <ResponsiveContainer
          width="100%"
          height={HEIGHT}
          initialDimension={{ width: 480, height: HEIGHT }}
        >
          <LineChart data={data} margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[range.start, range.end]}
              tickFormatter={time}
            />
            <YAxis
              tickFormatter={format}
              width={Y_AXIS_WIDTH}
              allowDecimals={!integer}
            />
            <ChartTooltip
              labelFormatter={label => time(Number(label))}
              formatter={value => [format(Number(value)), title]}
            />
            {visibleBands.map(band => (
              <ReferenceArea
                key={`${band.start}-${band.label}`}
                x1={clamp(band.start)}
                x2={clamp(band.end)}
                fill={bandColour(theme, band.tone)}
                fillOpacity={BAND_OPACITY}
                stroke="none"
              />
            ))}
            {markers.map(marker => (
              <ReferenceLine
                key={`${marker.kind ?? 'release'}-${marker.revision}-${
                  marker.at
                }`}
                x={marker.at}
                stroke={theme.palette.secondary.main}
                strokeDasharray="4 2"
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
      </div>
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
