import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ClusterReleases,
  isClusterError,
  ReleasesResponse,
  SignalsResponse,
} from '@paasport/plugin-console-common';
import {
  formatErrorRate,
  formatLatency,
  StaleMarker,
} from '@paasport/plugin-paasport-react';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ERROR_RATE_ATTENTION,
  HealthCell,
  HealthState,
  serviceHealthRows,
  WorkloadHealth,
} from '../../lib/serviceHealth';
import { WorkloadComparison } from './WorkloadComparison';

const useStyles = makeStyles(theme => ({
  workload: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    '& + &': { marginTop: theme.spacing(1) },
  },
  cluster: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  healthy: { borderColor: theme.palette.success.main },
  nowrap: { whiteSpace: 'nowrap' },
  bad: {
    borderColor: theme.palette.error.main,
    color: theme.palette.error.main,
  },
  badText: { color: theme.palette.error.main, fontWeight: 500 },
}));

const BAD: HealthState[] = ['failed', 'degraded'];

function stateClass(
  state: HealthState,
  classes: ReturnType<typeof useStyles>,
): string | undefined {
  if (BAD.includes(state)) return classes.bad;
  return state === 'healthy' ? classes.healthy : undefined;
}

/** Props of {@link ServiceHealthTable}. @internal */
export interface ServiceHealthTableProps {
  /** The application's name, for the table's accessible name. */
  name: string;
  services: Entity[];
  releases: ReleasesResponse;
  /** Error rate and p95 now per workload; left out, the table shows none. */
  signals?: SignalsResponse;
}

function SignalsText(props: { signals: WorkloadHealth['signals'] }) {
  const { signals } = props;
  const classes = useStyles();
  if (!signals || signals.errorRate === null) return null;
  const bad = signals.errorRate >= ERROR_RATE_ATTENTION;
  const p95 =
    signals.latencyP95 !== null
      ? ` · p95 ${formatLatency(signals.latencyP95)}`
      : '';
  return (
    <Typography
      variant="body2"
      className={bad ? classes.badText : undefined}
      color={bad ? undefined : 'textSecondary'}
      title="Share of 5xx answers and 95th percentile latency, last 5 minutes"
    >
      errors {formatErrorRate(signals.errorRate)}
      {p95}
    </Typography>
  );
}

function WorkloadLine(props: {
  entityRef: string;
  cluster: string;
  workload: WorkloadHealth;
  single: boolean;
}) {
  const { workload, single } = props;
  const classes = useStyles();
  const release = [
    workload.revision !== undefined && `rev ${workload.revision}`,
    workload.versions.join(', '),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className={classes.workload}>
      {!single && (
        <Typography variant="caption">
          {workload.kind} {workload.name}
        </Typography>
      )}
      <Chip
        size="small"
        variant="outlined"
        label={workload.state}
        className={stateClass(workload.state, classes)}
      />
      <Typography variant="body2">
        {workload.ready}/{workload.desired} ready
      </Typography>
      {release && (
        <Typography variant="body2" color="textSecondary">
          {release}
        </Typography>
      )}
      <SignalsText signals={workload.signals} />
      <WorkloadComparison
        entityRef={props.entityRef}
        cluster={props.cluster}
        workload={workload}
      />
    </div>
  );
}

function Cell(props: { entityRef: string; cell: HealthCell }) {
  const { cell } = props;
  if ('error' in cell) {
    return (
      <Typography variant="body2" color="error" title={cell.error}>
        unknown: cluster not answering
      </Typography>
    );
  }
  if (cell.workloads.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        not deployed
      </Typography>
    );
  }
  return (
    <>
      {cell.workloads.map(w => (
        <WorkloadLine
          key={`${w.kind}/${w.namespace}/${w.name}`}
          entityRef={props.entityRef}
          cluster={cell.cluster}
          workload={w}
          single={cell.workloads.length === 1}
        />
      ))}
    </>
  );
}

/**
 * The services of an application, one row each, with their health (ready
 * and desired pods, rollout state) and current release on every cluster.
 *
 * @internal
 */
export function ServiceHealthTable(props: ServiceHealthTableProps) {
  const { name, services, releases, signals } = props;
  const classes = useStyles();
  const refs = services.map(s => stringifyEntityRef(s));
  const { clusters, rows } = serviceHealthRows(refs, releases, signals);
  const typeOf = new Map(
    services.map(s => [stringifyEntityRef(s), String(s.spec?.type ?? '')]),
  );
  // A cluster whose watch dropped still shows what it said last: say so.
  const freshness = new Map(
    releases.clusters
      .filter(entry => !isClusterError(entry))
      .map(entry => [entry.cluster, (entry as ClusterReleases).cache]),
  );
  return (
    <Table size="small" aria-label={`Services of ${name} per cluster`}>
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Type</TableCell>
          {clusters.map(cluster => (
            <TableCell key={cluster}>
              <div className={classes.cluster}>
                {cluster}
                <StaleMarker
                  cluster={cluster}
                  freshness={freshness.get(cluster)}
                />
              </div>
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.entityRef}>
            <TableCell component="th" scope="row" className={classes.nowrap}>
              <EntityRefLink
                entityRef={row.entityRef}
                defaultKind="component"
              />
            </TableCell>
            <TableCell className={classes.nowrap}>
              {typeOf.get(row.entityRef) ?? ''}
            </TableCell>
            {row.cells.map(cell => (
              <TableCell key={cell.cluster}>
                <Cell entityRef={row.entityRef} cell={cell} />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
