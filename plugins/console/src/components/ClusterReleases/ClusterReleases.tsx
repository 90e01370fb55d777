import { InfoCard } from '@backstage/core-components';
import {
  ClusterReleases as ClusterReleasesData,
  WorkloadReleases,
} from '@paasport/plugin-console-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import {
  canariesOfWorkload,
  LoadedCanaries,
} from '../../canary/workloadCanaries';
import { CanaryHistory } from '../CanaryHistory';
import { CanaryPanel } from '../CanaryPanel';
import { RevisionComparison } from '../RevisionComparison';
import { RevisionTable } from '../RevisionTable';
import { RollbackButton } from '../RollbackButton';
import { StartCanaryButton } from '../StartCanaryButton';

const useStyles = makeStyles(theme => ({
  workload: { '& + &': { marginTop: theme.spacing(4) } },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  actions: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    gap: theme.spacing(1),
  },
}));

/** Props of {@link ClusterReleases}. @internal */
export interface ClusterReleasesProps {
  entityRef: string;
  releases: ClusterReleasesData;
  onRolledBack: () => void;
  pollIntervalMs?: number;
  /** The Component's canaries; undefined until loaded. */
  canaries?: LoadedCanaries;
  /** A canary started, changed or finished: reload canaries and releases. */
  onCanaryChanged?: () => void;
  /** Milliseconds between polls of a running canary. */
  canaryPollIntervalMs?: number;
  /** Milliseconds between refreshes of a canary's charts; 0: never. */
  canaryChartRefreshMs?: number;
}

/**
 * One cluster's workloads of the entity, each with its revision history,
 * rollback and canary releases.
 *
 * @internal
 */
export function ClusterReleases(props: ClusterReleasesProps) {
  const { releases } = props;
  const { cache } = releases;
  return (
    <InfoCard title={`Cluster ${releases.cluster}`}>
      {cache.stale && (
        // Data from a watch that dropped: say so instead of passing it as live.
        <Alert severity="warning">
          Possibly out of date
          {cache.staleSince
            ? ` since ${DateTime.fromISO(cache.staleSince).toRelative()}`
            : ''}
          : the connection to {releases.cluster} is being re-established.
        </Alert>
      )}
      {!cache.synced && (
        <Alert severity="info">
          Still reading the state of {releases.cluster}; this list may be
          incomplete.
        </Alert>
      )}
      {cache.synced && !releases.workloads.length && (
        <Typography>
          No workloads of this entity run on {releases.cluster}.
        </Typography>
      )}
      {releases.workloads.map(workload => (
        <Workload
          key={`${workload.kind}/${workload.namespace}/${workload.name}`}
          {...props}
          workload={workload}
        />
      ))}
    </InfoCard>
  );
}

function Workload(
  props: ClusterReleasesProps & { workload: WorkloadReleases },
) {
  const { workload, releases } = props;
  const classes = useStyles();
  const { rollout, replicas } = workload;
  const title = `${workload.kind} ${workload.namespace}/${workload.name}`;
  const canaries = canariesOfWorkload(props.canaries, {
    cluster: releases.cluster,
    namespace: workload.namespace,
    name: workload.name,
  });
  const onCanaryChanged = props.onCanaryChanged ?? (() => {});
  return (
    <section
      className={classes.workload}
      aria-label={`${title} on ${releases.cluster}`}
    >
      <Box className={classes.header}>
        <div>
          <Typography variant="h6" component="h3">
            {title}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Rollout {rollout.state}
            {rollout.message ? `: ${rollout.message}` : ''} · {replicas.ready}/
            {replicas.desired} ready
          </Typography>
        </div>
        <div className={classes.actions}>
          <StartCanaryButton
            cluster={releases.cluster}
            workload={workload}
            canaries={canaries}
            onStarted={onCanaryChanged}
          />
          <RollbackButton
            entityRef={props.entityRef}
            cluster={releases.cluster}
            workload={workload}
            onRolledBack={props.onRolledBack}
            pollIntervalMs={props.pollIntervalMs}
          />
        </div>
      </Box>
      {canaries.running && (
        <CanaryPanel
          // A new canary is a new panel: nothing of the last one carries over.
          key={canaries.running.id}
          canary={canaries.running}
          onChanged={onCanaryChanged}
          pollIntervalMs={props.canaryPollIntervalMs}
          chartRefreshMs={props.canaryChartRefreshMs}
        />
      )}
      <RevisionTable
        revisions={workload.revisions}
        label={`Revisions of ${workload.name} on ${releases.cluster}`}
        current={workload.currentRevision}
        comparison={
          // A first release has nothing to be compared with.
          workload.revisions.length > 1 && (
            <RevisionComparison
              entityRef={props.entityRef}
              cluster={releases.cluster}
              workload={workload}
              revision={workload.currentRevision}
            />
          )
        }
      />
      <CanaryHistory
        name={workload.name}
        cluster={releases.cluster}
        canaries={canaries.past}
      />
    </section>
  );
}
