import { CanarySummary } from '@paasport/plugin-console-common';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  formatDuration,
  replicasText,
  stepText,
  timeText,
  weightText,
} from '../../canary/canaryText';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(1, 0),
  },
  term: { color: theme.palette.text.secondary },
  detail: { margin: 0 },
  current: { fontWeight: theme.typography.fontWeightBold as number },
  image: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

function pauseText(step: CanarySummary['steps'][number]): string {
  if (!step.pause) return '';
  return 'seconds' in step.pause
    ? ` (${formatDuration(step.pause.seconds)})`
    : ' (until resumed)';
}

/**
 * Where a canary stands: its step among all steps, the weight asked for
 * against the weight in effect, ready pods per track, the failures so far,
 * what it releases, and why it is paused.
 *
 * @internal
 */
export function CanaryStatus(props: { canary: CanarySummary }) {
  const { canary } = props;
  const classes = useStyles();
  const replicas = canary.replicas;
  const envNames = Object.entries(canary.envChanged).filter(
    ([, names]) => names.length,
  );
  const annotationKeys = canary.annotationsChanged ?? [];
  return (
    <>
      {canary.pause && (
        <Alert severity="warning">
          Paused: {canary.pause.reason}
          {canary.pause.until && ` Until ${timeText(canary.pause.until)}.`}
          {canary.pause.by && ` Paused by ${canary.pause.by}.`}
        </Alert>
      )}
      <dl className={classes.facts}>
        <dt className={classes.term}>Progress</dt>
        <dd className={classes.detail}>
          {stepText(canary)}:{' '}
          {canary.steps.map((step, index) => (
            <span
              key={`${index}-${step.weight}`}
              className={
                index === canary.stepIndex ? classes.current : undefined
              }
            >
              {index > 0 && ' → '}
              {step.weight} %{pauseText(step)}
            </span>
          ))}
        </dd>
        <dt className={classes.term}>Weight</dt>
        <dd className={classes.detail}>{weightText(canary)}</dd>
        <dt className={classes.term}>Pods</dt>
        <dd className={classes.detail}>
          {replicas
            ? `stable ${replicasText(replicas.stable)} · canary ${replicasText(
                replicas.canary,
              )}`
            : `unknown: ${canary.cluster} could not be read`}
        </dd>
        <dt className={classes.term}>Failed verdicts</dt>
        <dd className={classes.detail}>
          {canary.failures} (aborts at {canary.failureLimit})
        </dd>
        <dt className={classes.term}>Releases</dt>
        <dd className={classes.detail}>
          {Object.entries(canary.images).map(([container, image]) => (
            <div key={container}>
              {container}: <span className={classes.image}>{image}</span>
            </div>
          ))}
          {envNames.map(([container, names]) => (
            // Names only: the values may be secrets.
            <div key={`env-${container}`}>
              {container}: environment {names.join(', ')} changed
            </div>
          ))}
          {annotationKeys.length > 0 && (
            // Keys only, as the backend sends them (canaryViews.ts says why).
            <div>pod annotations {annotationKeys.join(', ')} changed</div>
          )}
        </dd>
        <dt className={classes.term}>Started</dt>
        <dd className={classes.detail}>
          by {canary.actor}, {timeText(canary.createdAt)}
        </dd>
      </dl>
    </>
  );
}
