import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  isClusterError,
  MetricsQuery,
  RevisionComparisonQuery,
} from '@paasport/plugin-console-common';
import { RevisionComparisonChip } from '@paasport/plugin-paasport-react';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useId, useMemo, useState } from 'react';
import { useMetrics } from '../../hooks/useMetrics';
import { useRevisionComparison } from '../../hooks/useRevisionComparison';
import { useReleases } from '../../hooks/useReleases';
import { useWorkloadSelection } from '../../hooks/useWorkloadSelection';
import { ClusterErrorPanel } from '../ClusterErrorPanel';
import { MetricChart } from '../MetricChart';
import { WorkloadPicker } from '../WorkloadPicker';
import { comparisonBands } from './comparisonBands';
import { metricDefinitions, metricRanges } from './metricDefinitions';

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  row: { marginBottom: theme.spacing(2) },
}));

/**
 * The Metrics tab of a Component: CPU, memory, restarts, traffic, errors
 * and latency of a workload over a range, with its releases marked.
 *
 * @public
 */
export function MetricsContent() {
  const classes = useStyles();
  const id = useId();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const releases = useReleases(entityRef, 0);
  const { choices, selected, select } = useWorkloadSelection(releases.value);
  const [range, setRange] = useState('1h');
  const query = useMemo<MetricsQuery | undefined>(
    () =>
      selected && {
        cluster: selected.cluster,
        kind: selected.kind,
        namespace: selected.namespace,
        workload: selected.name,
        range,
      },
    [selected, range],
  );
  const metrics = useMetrics(entityRef, query);
  const comparisonQuery = useMemo<RevisionComparisonQuery | undefined>(
    () =>
      selected && {
        cluster: selected.cluster,
        kind: selected.kind,
        namespace: selected.namespace,
        workload: selected.name,
      },
    [selected],
  );
  const comparison = useRevisionComparison(entityRef, comparisonQuery);
  const compared =
    comparison.value?.state === 'ok' ? comparison.value : undefined;

  if (!releases.value && releases.loading) return <Progress />;
  if (!releases.value) {
    return releases.error ? (
      <ResponseErrorPanel error={releases.error} />
    ) : null;
  }
  const failed = releases.value.clusters.filter(isClusterError);
  const errors = failed.map(entry => (
    <div className={classes.row} key={entry.cluster}>
      <ClusterErrorPanel entry={entry} what="workloads" />
    </div>
  ));
  if (!selected) {
    return (
      <>
        {errors}
        <EmptyState
          missing="data"
          title="No workloads found"
          description="No cluster runs a Deployment or StatefulSet of this component."
        />
      </>
    );
  }

  const result = metrics.value;
  let body;
  if (metrics.loading) {
    body = <Progress />;
  } else if (metrics.error) {
    body = <ResponseErrorPanel error={metrics.error} />;
  } else if (result?.state === 'unconfigured') {
    body = (
      <EmptyState
        missing="info"
        title={`No metrics for cluster ${result.cluster}`}
        description={`${result.message}. Logs and releases still work; ask an admin to configure Prometheus for this cluster.`}
      />
    );
  } else if (result) {
    body = (
      <Grid container spacing={3}>
        {metricDefinitions.map(metric => (
          <Grid item xs={12} md={6} key={metric.name}>
            <MetricChart
              title={metric.title}
              format={metric.format}
              points={result.series[metric.name] ?? []}
              error={result.errors[metric.name]}
              range={result.range}
              markers={result.markers}
              integer={metric.integer}
              bands={compared && comparisonBands(compared, metric.name)}
            />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <>
      {errors}
      <InfoCard title="Metrics">
        <div className={classes.controls}>
          <WorkloadPicker
            choices={choices}
            selected={selected}
            onSelect={select}
          />
          <TextField
            select
            id={`${id}-range`}
            label="Range"
            value={range}
            SelectProps={{ native: true }}
            onChange={e => setRange(e.target.value)}
          >
            {metricRanges.map(([label, value]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </TextField>
          {compared && (
            <RevisionComparisonChip
              comparison={compared}
              prefix={`r${compared.revision.revision} vs r${compared.against.revision}`}
            />
          )}
          {comparison.error && (
            <RevisionComparisonChip error={comparison.error} />
          )}
        </div>
        {body}
      </InfoCard>
    </>
  );
}
