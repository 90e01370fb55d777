import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ClusterReleases,
  isClusterError,
  ReleasesResponse,
} from '@paasport/plugin-console-common';
import { StaleMarker } from '@paasport/plugin-paasport-react';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  HealthCell,
  HealthState,
  serviceHealthRows,
  WorkloadHealth,
} from '../../lib/serviceHealth';

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
}

function WorkloadLine(props: { workload: WorkloadHealth; single: boolean }) {
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
    </div>
  );
}

function Cell(props: { cell: HealthCell }) {
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
  const { name, services, releases } = props;
  const classes = useStyles();
  const refs = services.map(s => stringifyEntityRef(s));
  const { clusters, rows } = serviceHealthRows(refs, releases);
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
                <Cell cell={cell} />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
