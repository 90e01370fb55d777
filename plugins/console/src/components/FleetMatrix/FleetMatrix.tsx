import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { CanarySummary, isClusterError } from '@paasport/plugin-console-common';
import { StaleMarker } from '@paasport/plugin-paasport-react';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { phaseLabel } from '../../canary/canaryText';
import { useFleetCanaries } from '../../hooks/useFleetCanaries';
import { useReleaseMatrix } from '../../hooks/useReleaseMatrix';
import { driftedCells, workloadKey } from './drift';

const useStyles = makeStyles(theme => ({
  caption: { margin: theme.spacing(2) },
  workload: { padding: theme.spacing(0.5, 1), borderRadius: 4 },
  drift: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.getContrastText(theme.palette.warning.light),
  },
  image: { fontFamily: 'monospace', display: 'block', wordBreak: 'break-all' },
  muted: { color: theme.palette.text.secondary },
  canary: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
}));

/** "canary 25 %" beside a Deployment that has a canary running. */
function CanaryMarker(props: { canary: CanarySummary }) {
  const classes = useStyles();
  const { canary } = props;
  return (
    <Tooltip title={`${phaseLabel(canary.phase)}: ${canary.message}`}>
      <Chip
        size="small"
        className={classes.canary}
        label={`canary ${canary.targetWeight} %`}
      />
    </Tooltip>
  );
}

/** Props of {@link FleetMatrix}. @public */
export interface FleetMatrixProps {
  /** Milliseconds between refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
}

/**
 * The Releases tab of a System: which revision and images each Component
 * runs on each cluster, with drift between clusters highlighted.
 *
 * @public
 */
export function FleetMatrix(props: FleetMatrixProps) {
  const classes = useStyles();
  const { entity } = useEntity();
  const systemRef = stringifyEntityRef(entity);
  const { value, loading, error } = useReleaseMatrix(
    systemRef,
    props.refreshIntervalMs,
  );
  // A failed canary list just shows no marker: the matrix itself is what
  // the tab is about.
  const canaries = useFleetCanaries(systemRef, props.refreshIntervalMs);
  // The running canary of a workload shown in a cell, or the one whose
  // canary Deployment it is.
  const canaryOf = (cluster: string, namespace: string, name: string) =>
    canaries.value?.find(
      c =>
        c.cluster === cluster &&
        c.namespace === namespace &&
        (c.name === name || c.canaryName === name),
    );
  if (!value && loading) return <Progress />;
  if (!value) return error ? <ResponseErrorPanel error={error} /> : null;
  if (!value.rows.length) {
    return (
      <EmptyState
        missing="data"
        title="No Components with workloads"
        description="Give this System's Components a backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector annotation."
      />
    );
  }
  return (
    <TableContainer component={Paper}>
      {error && <ResponseErrorPanel title="Could not refresh" error={error} />}
      <Typography variant="body2" className={classes.caption}>
        Highlighted workloads run other images than on another cluster. Revision
        numbers count per cluster, so only images are compared. A column marked
        stale shows what its cluster said before the connection to it dropped. A
        canary marker shows the share of a Deployment's replicas its running
        canary has.
      </Typography>
      <Table aria-label="Releases per cluster">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            {value.clusters.map(cluster => (
              <TableCell key={cluster}>
                {cluster}{' '}
                <StaleMarker
                  cluster={cluster}
                  freshness={value.freshness?.[cluster]}
                />
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {value.rows.map(row => {
            const drifted = driftedCells(row);
            return (
              <TableRow key={row.entityRef}>
                <TableCell component="th" scope="row">
                  <EntityRefLink
                    entityRef={row.entityRef}
                    defaultKind="component"
                  />
                </TableCell>
                {value.clusters.map(cluster => {
                  const cell = row.cells.find(c => c.cluster === cluster);
                  if (!cell || isClusterError(cell)) {
                    return (
                      <TableCell key={cluster}>
                        <Tooltip
                          title={cell ? cell.error.message : 'no answer'}
                        >
                          <span className={classes.muted}>unavailable</span>
                        </Tooltip>
                      </TableCell>
                    );
                  }
                  return (
                    <TableCell key={cluster}>
                      {!cell.workloads.length && (
                        <span className={classes.muted}>not deployed</span>
                      )}
                      {cell.workloads.map(w => {
                        const drift = drifted.has(
                          `${cluster}|${workloadKey(w)}`,
                        );
                        const canary = canaryOf(cluster, w.namespace, w.name);
                        return (
                          <div
                            key={workloadKey(w)}
                            className={`${classes.workload} ${
                              drift ? classes.drift : ''
                            }`}
                          >
                            <Typography variant="body2" component="div">
                              {w.name} · revision {w.revision ?? '?'}
                              {w.rollout !== 'complete'
                                ? ` · ${w.rollout}`
                                : ''}{' '}
                              {drift && <Chip size="small" label="drift" />}
                              {canary?.name === w.name && (
                                <CanaryMarker canary={canary} />
                              )}
                              {canary?.canaryName === w.name && (
                                <span className={classes.muted}>
                                  canary track of {canary.name}
                                </span>
                              )}
                            </Typography>
                            {w.images.map(image => (
                              <code key={image} className={classes.image}>
                                {image}
                              </code>
                            ))}
                          </div>
                        );
                      })}
                    </TableCell>
                  );
                })}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
