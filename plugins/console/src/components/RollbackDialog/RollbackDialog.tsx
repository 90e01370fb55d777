import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { WorkloadReleases } from '@paasport/plugin-console-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DateTime } from 'luxon';
import { useEffect, useId, useRef, useState } from 'react';
import { useReleaseDiff } from '../../hooks/useReleaseDiff';
import { useRollback } from '../../hooks/useRollback';
import { RevisionComparison } from '../RevisionComparison';
import { RollbackProgress } from '../RollbackProgress';
import { TemplateDiff } from '../TemplateDiff';

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(2) },
  comparison: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
}));

// The backend's limits for a reason (rollbackRequestSchema).
const MIN_REASON = 3;
const MAX_REASON = 500;

/** Props of {@link RollbackDialog}. @internal */
export interface RollbackDialogProps {
  /** The catalog entity whose page this is (Component or System). */
  entityRef: string;
  cluster: string;
  /** The workload as the user saw it; its resourceVersion guards the patch. */
  workload: WorkloadReleases;
  /**
   * The workload is managed by Helm, Argo CD or Flux and the user may
   * force the rollback: the guidance is shown and forcing must be confirmed.
   */
  force?: { guidance: string };
  onClose: () => void;
  /** The rollback finished or changed nothing: time to reload releases. */
  onFinished: () => void;
  pollIntervalMs?: number;
}

/**
 * Rolls a Deployment or StatefulSet back: pick a revision, review the pod
 * template diff, give a reason, confirm (and, for a managed workload, confirm
 * forcing), and follow the rollout until it completes.
 *
 * @internal
 */
export function RollbackDialog(props: RollbackDialogProps) {
  const { entityRef, cluster, workload, force, onClose, onFinished } = props;
  const classes = useStyles();
  const current = workload.currentRevision;
  const candidates = workload.revisions.filter(r => r.revision !== current);
  // The default is the newest revision older than the one running: what
  // "roll back" means. Newer ones (a release that was rolled back from)
  // stay choosable, as a roll forward.
  const [toRevision, setToRevision] = useState(
    defaultTarget(candidates, current),
  );
  const forward =
    toRevision !== undefined && current !== undefined && toRevision > current;
  const verb = `${force ? 'Force roll' : 'Roll'} ${
    forward ? 'forward' : 'back'
  }`;
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [forceConfirmed, setForceConfirmed] = useState(false);
  const diff = useReleaseDiff({
    entityRef,
    cluster,
    workload,
    from: current,
    to: toRevision,
  });
  const { state, start } = useRollback(entityRef, props.pollIntervalMs);

  const done = state.phase === 'finished' || state.phase === 'noop';
  // Once per completion, whatever the identity of the parent's callback.
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => {
    if (done) finished.current();
  }, [done]);

  const editable = state.phase === 'idle' || state.phase === 'rejected';
  const reasonValid = reason.trim().length >= MIN_REASON;
  const canConfirm =
    editable &&
    reasonValid &&
    toRevision !== undefined &&
    !!diff.value &&
    (!force || forceConfirmed);
  const id = useId();

  const confirm = () => {
    if (!canConfirm || toRevision === undefined) return;
    start({
      cluster,
      namespace: workload.namespace,
      kind: workload.kind,
      name: workload.name,
      toRevision,
      resourceVersion: workload.resourceVersion,
      reason: reason.trim(),
      ...(force && { force: true }),
    });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={`${id}-title`}>
        Roll back {workload.name} on {cluster}
      </DialogTitle>
      <DialogContent>
        {force && (
          <Alert severity="warning" className={classes.section}>
            <AlertTitle>This workload is managed by another tool</AlertTitle>
            {force.guidance}
          </Alert>
        )}
        <TextField
          select
          fullWidth
          className={classes.section}
          id={`${id}-revision`}
          label="Revision to restore"
          value={toRevision ?? ''}
          disabled={!editable}
          onChange={e => setToRevision(Number(e.target.value))}
          SelectProps={{ native: true }}
          helperText={`Running now: revision ${current ?? 'unknown'}`}
        >
          {candidates.map(r => (
            <option key={r.revision} value={r.revision}>
              {`Revision ${r.revision}${
                current !== undefined && r.revision > current ? ' (newer)' : ''
              } · ${r.images.join(', ')} · ${DateTime.fromISO(
                r.createdAt,
              ).toRelative()}`}
            </option>
          ))}
        </TextField>
        {toRevision !== undefined && current !== undefined && (
          // How the chosen revision served while it ran, against what runs
          // now: red when restoring it would bring back more errors.
          <div className={classes.comparison}>
            <Typography variant="body2" color="textSecondary">
              Revision {toRevision} while it ran, against revision {current}{' '}
              now:
            </Typography>
            <RevisionComparison
              entityRef={entityRef}
              cluster={cluster}
              workload={workload}
              revision={toRevision}
              against={current}
              names={{
                revision: `Revision ${toRevision}`,
                against: `revision ${current} (running now)`,
              }}
            />
          </div>
        )}
        <div className={classes.section}>
          {diff.loading && <Progress />}
          {diff.error && (
            <ResponseErrorPanel
              title="Could not compare the revisions"
              error={diff.error}
            />
          )}
          {diff.value && (
            <TemplateDiff
              changes={diff.value.changes}
              from={diff.value.from}
              to={diff.value.to}
            />
          )}
        </div>
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.section}
        >
          {workload.kind === 'StatefulSet'
            ? 'Only the pod template goes back: replica count, volume claims ' +
              'and their data, ConfigMaps and Secrets stay as they are. Pods ' +
              'are replaced one at a time, highest ordinal first.'
            : 'Only the pod template goes back: replica count, autoscaling ' +
              'and the contents of ConfigMaps and Secrets stay as they are.'}{' '}
          The restored template gets a new revision number.
        </Typography>
        <TextField
          fullWidth
          required
          multiline
          minRows={2}
          className={classes.section}
          id={`${id}-reason`}
          label="Reason"
          value={reason}
          disabled={!editable}
          onChange={e => setReason(e.target.value.slice(0, MAX_REASON))}
          onBlur={() => setTouched(true)}
          error={touched && !reasonValid}
          helperText={
            touched && !reasonValid
              ? `Say why, in at least ${MIN_REASON} characters`
              : 'Recorded in the audit log and as the change cause'
          }
        />
        {force && (
          <FormControlLabel
            className={classes.section}
            label={`Force the rollback although ${managerName(
              workload,
            )} manages ${workload.name}`}
            control={
              <Checkbox
                checked={forceConfirmed}
                disabled={!editable}
                onChange={e => setForceConfirmed(e.target.checked)}
              />
            }
          />
        )}
        <RollbackProgress state={state} />
      </DialogContent>
      <DialogActions>
        {editable ? (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              color="secondary"
              variant="contained"
              disabled={!canConfirm}
              onClick={confirm}
            >
              {verb} to revision {toRevision}
            </Button>
          </>
        ) : (
          <Button onClick={onClose} color="primary">
            {state.phase === 'progressing'
              ? 'Close (keeps rolling out)'
              : 'Close'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/**
 * The newest revision older than `current`; without one (or without a
 * known current revision) the newest there is.
 */
function defaultTarget(
  candidates: Array<{ revision: number }>,
  current: number | undefined,
): number | undefined {
  const older = candidates
    .map(r => r.revision)
    .filter(revision => current === undefined || revision < current)
    .sort((a, b) => b - a);
  return older[0] ?? Math.max(...candidates.map(r => r.revision), -Infinity);
}

const managerNames = { helm: 'Helm', argocd: 'Argo CD', flux: 'Flux' };

function managerName(workload: WorkloadReleases): string {
  const { manager } = workload.owner;
  return manager === 'none' ? 'another tool' : managerNames[manager];
}
