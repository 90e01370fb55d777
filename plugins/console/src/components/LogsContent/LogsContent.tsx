import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isClusterError, LogsQuery } from '@paasport/plugin-console-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { makeStyles } from '@material-ui/core/styles';
import { useCallback, useMemo, useState } from 'react';
import { useLogStream, LogStreamStatus } from '../../hooks/useLogStream';
import {
  FieldFilter,
  matchesFilters,
  sameFilter,
} from '../../logs/fieldFilters';
import { useReleases } from '../../hooks/useReleases';
import {
  choiceKey,
  useWorkloadSelection,
} from '../../hooks/useWorkloadSelection';
import { ClusterErrorPanel } from '../ClusterErrorPanel';
import { ContainerPicker } from '../ContainerPicker';
import { LogControls, LogOptions } from '../LogControls';
import { LogView } from '../LogView';
import { LogViewOptions } from '../LogViewOptions';
import { WorkloadPicker } from '../WorkloadPicker';

const useStyles = makeStyles(theme => ({
  row: { marginBottom: theme.spacing(2) },
  pickers: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
}));

/**
 * The Logs tab of a Component: follows the merged logs of a workload's pods
 * (all containers, or one picked) on a chosen cluster.
 *
 * @public
 */
export function LogsContent() {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  // Only for the list of workloads: no need to keep it refreshed.
  const releases = useReleases(entityRef, 0);
  const { choices, selected, select } = useWorkloadSelection(releases.value);
  const [options, setOptions] = useState<LogOptions>({
    tailLines: 100,
    previous: false,
  });
  const [paused, setPaused] = useState(false);
  // The picked container belongs to the workload it was picked on: another
  // workload starts again with all containers.
  const [picked, setPicked] = useState<{ key: string; container: string }>();
  const container =
    selected &&
    picked?.key === choiceKey(selected) &&
    [...selected.containers, ...selected.initContainers].includes(
      picked.container,
    )
      ? picked.container
      : undefined;
  const query = useMemo<LogsQuery | undefined>(
    () =>
      selected && {
        cluster: selected.cluster,
        kind: selected.kind,
        namespace: selected.namespace,
        workload: selected.name,
        ...(container && { container }),
        ...options,
        // Terminated containers' logs are complete: nothing to follow.
        follow: !options.previous,
      },
    [selected, container, options],
  );
  const { lines, status, held } = useLogStream(entityRef, query, paused);
  const [view, setView] = useState<'raw' | 'table'>('raw');
  // Display-only: the stream goes on unchanged, so removing a filter brings
  // back every line it hid.
  const [filters, setFilters] = useState<FieldFilter[]>([]);
  const addFilter = useCallback(
    (filter: FieldFilter) =>
      setFilters(current =>
        current.some(f => sameFilter(f, filter))
          ? current
          : [...current, filter],
      ),
    [],
  );
  const visible = useMemo(
    () =>
      filters.length
        ? lines.filter(
            line =>
              line.type === 'error' ||
              matchesFilters({ pod: line.pod, record: line.record! }, filters),
          )
        : lines,
    [lines, filters],
  );

  if (!releases.value && releases.loading) return <Progress />;
  if (!releases.value) {
    return releases.error ? (
      <ResponseErrorPanel error={releases.error} />
    ) : null;
  }
  const failed = releases.value.clusters.filter(isClusterError);
  return (
    <>
      {failed.map(entry => (
        <div className={classes.row} key={entry.cluster}>
          <ClusterErrorPanel entry={entry} what="workloads" />
        </div>
      ))}
      {!selected ? (
        <EmptyState
          missing="data"
          title="No workloads found"
          description="No cluster runs a Deployment or StatefulSet of this component."
        />
      ) : (
        <InfoCard title="Logs">
          <div className={`${classes.row} ${classes.pickers}`}>
            <WorkloadPicker
              choices={choices}
              selected={selected}
              onSelect={select}
            />
            <ContainerPicker
              containers={selected.containers}
              initContainers={selected.initContainers}
              value={container}
              onChange={next =>
                setPicked(
                  next
                    ? { key: choiceKey(selected), container: next }
                    : undefined,
                )
              }
            />
          </div>
          <div className={classes.row}>
            <LogControls
              value={options}
              onChange={setOptions}
              paused={paused}
              onPausedChange={setPaused}
              held={held}
            />
          </div>
          <div className={classes.row}>
            <LogViewOptions
              view={view}
              onViewChange={setView}
              filters={filters}
              onRemoveFilter={filter =>
                setFilters(current =>
                  current.filter(f => !sameFilter(f, filter)),
                )
              }
              shown={visible.length}
              total={lines.length}
            />
          </div>
          <StreamStatus status={status} paused={paused} />
          <LogView
            lines={visible}
            view={view}
            onFilter={addFilter}
            label={`Logs of ${selected.name}${
              container ? ` (${container})` : ''
            } on ${selected.cluster}`}
          />
        </InfoCard>
      )}
    </>
  );
}

/** The backend's reason when it refused (403), else undefined. */
function notAllowed(error: Error): string | undefined {
  const cause = (error as { cause?: { name?: string; message?: string } })
    .cause;
  if (error.name === 'NotAllowedError') return error.message;
  if (cause?.name === 'NotAllowedError') return cause.message;
  return undefined;
}

function StreamStatus(props: { status: LogStreamStatus; paused: boolean }) {
  const { status, paused } = props;
  if (status.state === 'failed') {
    // Logs are for the owner team and admins: a refusal is an answer, not a
    // failure, and says who may read them.
    const refusal = notAllowed(status.error);
    if (refusal) {
      return (
        <Alert severity="info" role="status">
          <AlertTitle>You cannot read these logs</AlertTitle>
          {refusal}. Logs are readable by the team that owns this component and
          by admins.
        </Alert>
      );
    }
    return (
      <ResponseErrorPanel title="The log stream failed" error={status.error} />
    );
  }
  let text = '';
  if (status.state === 'ended') text = `Stream ended: ${status.reason}`;
  else if (paused) text = 'Paused: new lines are held until you resume';
  else if (status.state === 'following') text = 'Following…';
  return (
    <Typography variant="body2" color="textSecondary" role="status">
      {text}
    </Typography>
  );
}
