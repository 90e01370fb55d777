import { DecommissionRun } from '@paasport/plugin-decommission-common';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DecommissionItemList } from '../DecommissionItemList';

/** Props of {@link DecommissionReport}. @internal */
export interface DecommissionReportProps {
  run: DecommissionRun;
  name: string;
}

/**
 * Progress of a run while it runs; afterwards the report of what was
 * removed, what was left alone and what failed.
 *
 * @internal
 */
export function DecommissionReport(props: DecommissionReportProps) {
  const { run, name } = props;
  const { summary } = run;
  const total = run.items.length;
  const handled = summary.done + summary.skipped + summary.failed;
  return (
    <>
      {run.status === 'running' && (
        <>
          <Typography variant="body1" id={`progress-${run.id}`}>
            Removing {name}: {handled} of {total} items handled
          </Typography>
          <LinearProgress
            variant="determinate"
            value={total ? (100 * handled) / total : 0}
            aria-labelledby={`progress-${run.id}`}
          />
        </>
      )}
      {run.status === 'succeeded' && (
        <Alert severity="success">
          <AlertTitle>Decommissioned {name}</AlertTitle>
          {summary.done} removed, {summary.skipped} left alone (see the notes
          below).
        </Alert>
      )}
      {(run.status === 'failed' || run.status === 'interrupted') && (
        <Alert severity="error">
          <AlertTitle>
            {run.status === 'failed'
              ? `The decommission of ${name} did not finish`
              : `The decommission of ${name} was interrupted`}
          </AlertTitle>
          {summary.done} removed, {summary.failed} failed, {summary.pending} not
          done yet. Catalog entries are kept until everything else is removed;
          fix the cause and retry.
        </Alert>
      )}
      <DecommissionItemList
        items={run.items}
        label={`Report of the decommission of ${name}`}
      />
    </>
  );
}
