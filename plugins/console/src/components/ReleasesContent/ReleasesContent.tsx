import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isClusterError } from '@paasport/plugin-console-common';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { backendMessage } from '../../canary/canaryText';
import { useCanaries } from '../../hooks/useCanaries';
import { useReleases } from '../../hooks/useReleases';
import { ClusterErrorPanel } from '../ClusterErrorPanel';
import { ClusterReleases } from '../ClusterReleases';

/** Props of {@link ReleasesContent}. @public */
export interface ReleasesContentProps {
  /** Milliseconds between refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
  /** Milliseconds between rollback status polls. */
  pollIntervalMs?: number;
  /** Milliseconds between polls of a running canary. */
  canaryPollIntervalMs?: number;
  /** Milliseconds between refreshes of a running canary's charts; 0: never. */
  canaryChartRefreshMs?: number;
}

/**
 * The Releases tab of a Component: per cluster, each workload's revision
 * history with rollback, and its canary releases.
 *
 * @public
 */
export function ReleasesContent(props: ReleasesContentProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useReleases(
    entityRef,
    props.refreshIntervalMs,
  );
  const canaries = useCanaries(entityRef, props.refreshIntervalMs);
  // Without the list, "Start canary" is left to the backend's 409 rather
  // than disabled for good.
  const canaryList =
    canaries.value?.canaries ?? (canaries.error ? [] : undefined);
  const onCanaryChanged = () => {
    canaries.retry();
    retry();
  };

  if (!value && loading) {
    return <Progress />;
  }
  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : null;
  }
  if (!value.clusters.length) {
    return (
      <EmptyState
        missing="info"
        title="No clusters configured"
        description="The console has no clusters to look for this entity's workloads on."
      />
    );
  }
  return (
    <Grid container spacing={3} direction="column">
      {/* A failed refresh keeps the last data and says why above it. */}
      {error && (
        <Grid item>
          <ResponseErrorPanel
            title="Could not refresh the releases"
            error={error}
          />
        </Grid>
      )}
      {canaries.error && (
        <Grid item>
          <Alert severity="warning">
            Could not load the canary releases: {backendMessage(canaries.error)}
          </Alert>
        </Grid>
      )}
      {/* What the tenancy model keeps from view, and why. */}
      {value.problems && value.problems.length > 0 && (
        <Grid item>
          <Alert severity="warning">
            <AlertTitle>Not everything is shown</AlertTitle>
            <ul>
              {value.problems.map(problem => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Alert>
        </Grid>
      )}
      {value.clusters.map(entry => (
        <Grid item key={entry.cluster}>
          {isClusterError(entry) ? (
            <ClusterErrorPanel entry={entry} what="releases" />
          ) : (
            <ClusterReleases
              entityRef={entityRef}
              releases={entry}
              onRolledBack={retry}
              pollIntervalMs={props.pollIntervalMs}
              canaries={canaryList}
              onCanaryChanged={onCanaryChanged}
              canaryPollIntervalMs={props.canaryPollIntervalMs}
              canaryChartRefreshMs={props.canaryChartRefreshMs}
            />
          )}
        </Grid>
      ))}
    </Grid>
  );
}
