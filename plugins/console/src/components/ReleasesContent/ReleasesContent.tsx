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
import { useReleases } from '../../hooks/useReleases';
import { ClusterErrorPanel } from '../ClusterErrorPanel';
import { ClusterReleases } from '../ClusterReleases';

/** Props of {@link ReleasesContent}. @public */
export interface ReleasesContentProps {
  /** Milliseconds between refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
  /** Milliseconds between rollback status polls. */
  pollIntervalMs?: number;
}

/**
 * The Releases tab of a Component: per cluster, each workload's revision
 * history with rollback.
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
            />
          )}
        </Grid>
      ))}
    </Grid>
  );
}
