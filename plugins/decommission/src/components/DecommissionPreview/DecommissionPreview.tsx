import { DecommissionPlan } from '@paasport/plugin-decommission-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DecommissionItemList } from '../DecommissionItemList';

/** Props of {@link DecommissionPreview}. @internal */
export interface DecommissionPreviewProps {
  plan: DecommissionPlan;
}

/** What the plan will do, as one sentence. */
export function planSummary(plan: DecommissionPlan): string {
  const acting = plan.items.filter(i => i.action !== 'none');
  const objects = acting.filter(i => i.target.type === 'kubernetes');
  const clusters = new Set(
    objects.map(i => (i.target.type === 'kubernetes' ? i.target.cluster : '')),
  );
  const count = (n: number, one: string, many = `${one}s`) =>
    `${n} ${n === 1 ? one : many}`;
  return [
    count(objects.length, 'object') +
      (clusters.size ? ` on ${count(clusters.size, 'cluster')}` : ''),
    count(
      acting.filter(i => i.step === 'middleware').length,
      'middleware instance',
    ),
    `${count(
      acting.filter(i => i.step === 'repository').length,
      'repository',
      'repositories',
    )} to archive`,
    count(plan.entityRefs.length, 'catalog entity', 'catalog entities'),
  ].join(', ');
}

/**
 * The preview: what stops the decommission, and the list of what it
 * removes and leaves alone.
 *
 * @internal
 */
export function DecommissionPreview(props: DecommissionPreviewProps) {
  const { plan } = props;
  return (
    <>
      {plan.blockers.length > 0 && (
        <Alert severity="error" role="alert">
          <AlertTitle>The decommission cannot run</AlertTitle>
          <ul>
            {plan.blockers.map(blocker => (
              <li key={blocker}>{blocker}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Typography variant="body1" paragraph>
        Removes {planSummary(plan)}.
      </Typography>
      <DecommissionItemList
        items={plan.items}
        label={`What decommissioning ${plan.confirmationText} removes`}
      />
    </>
  );
}
