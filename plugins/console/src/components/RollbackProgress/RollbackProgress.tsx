import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { RollbackState } from '../../hooks/useRollback';

/**
 * How far a rollback got, from the moment it is sent until the restored
 * revision is available or the rollout fails.
 *
 * @internal
 */
export function RollbackProgress(props: { state: RollbackState }) {
  const { state } = props;
  switch (state.phase) {
    case 'idle':
      return null;
    case 'starting':
      return (
        <div role="status">
          <Progress />
          <Typography>Starting the rollback…</Typography>
        </div>
      );
    case 'rejected':
      return (
        <ResponseErrorPanel
          title="The rollback was refused; nothing was changed"
          error={state.error}
        />
      );
    case 'noop':
      return <Alert severity="info">{state.message}</Alert>;
    case 'progressing':
      return (
        <div role="status">
          <Progress />
          <Typography>
            Rolling out the template of revision {state.rollback.toRevision}
            {state.rollback.message ? `: ${state.rollback.message}` : ''}
          </Typography>
        </div>
      );
    case 'lost':
      return (
        <Alert severity="warning">
          Lost track of the rollback ({state.error.message}). It may still
          complete; the releases table shows where it stands.
        </Alert>
      );
    default:
      return <Finished rollback={state.rollback} />;
  }
}

function Finished(props: {
  rollback: Extract<RollbackState, { phase: 'finished' }>['rollback'];
}) {
  const { status, toRevision, newRevision, message } = props.rollback;
  if (status === 'succeeded') {
    return (
      <Alert severity="success" role="status">
        Rolled back: revision {newRevision ?? '?'}, with the template of
        revision {toRevision}, is now current.
      </Alert>
    );
  }
  if (status === 'superseded') {
    return (
      <Alert severity="warning">
        Superseded: {message ?? 'the workload changed again meanwhile'}.
      </Alert>
    );
  }
  return (
    <Alert severity="error">
      The rollback failed: {message ?? 'the rollout did not complete'}.
    </Alert>
  );
}
