import {
  MetricName,
  RevisionComparisonResponse,
  RevisionMeasurement,
} from '@paasport/plugin-console-common';
import {
  formatErrorRate,
  formatLatency,
} from '@paasport/plugin-paasport-react';
import { MetricBand } from '../MetricChart';

type Compared = Extract<RevisionComparisonResponse, { state: 'ok' }>;

/**
 * The windows a revision comparison measured, as shaded bands on the chart
 * of the measure they compare (error rate, p95): the earlier revision's
 * neutral, the judged one's red or amber when the rule calls it worse, each
 * labelled with its value. Other charts get none.
 *
 * @internal
 */
export function comparisonBands(
  comparison: Compared,
  metric: MetricName,
): MetricBand[] | undefined {
  let value: (m: RevisionMeasurement) => string;
  let outcome: Compared['verdict']['errorRate'];
  let tone: MetricBand['tone'];
  if (metric === 'errorRate') {
    value = m =>
      m.errorRate === null ? 'not enough data' : formatErrorRate(m.errorRate);
    outcome = comparison.verdict.errorRate;
    tone = 'error';
  } else if (metric === 'latencyP95') {
    value = m =>
      m.latencyP95 === null
        ? 'not enough data'
        : `p95 ${formatLatency(m.latencyP95)}`;
    outcome = comparison.verdict.latencyP95;
    tone = 'warning';
  } else {
    return undefined;
  }
  const band = (m: RevisionMeasurement, judged: boolean): MetricBand => ({
    start: m.window.start,
    end: m.window.end,
    label: `r${m.revision} · ${value(m)}`,
    tone: judged && outcome === 'worse' ? tone : 'neutral',
  });
  return [band(comparison.against, false), band(comparison.revision, true)];
}
