import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { InstanceRequestDetails } from '@paasport/plugin-marketplace-common';
import Grid from '@material-ui/core/Grid';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useRequestDetails } from '../../hooks/useRequestDetails';
import { isInFlight } from '../../lib/states';
import { BindingsCard } from '../BindingsCard';
import { ConnectionDetails } from '../ConnectionDetails';
import { DeprovisionButton } from '../DeprovisionButton';
import { InstanceHistory } from '../InstanceHistory';
import { InstanceSummary } from '../InstanceSummary';
import { SubPageLayout } from '../SubPageLayout';

/** Props of {@link InstancePage}. */
export interface InstancePageProps {
  /** Milliseconds between refreshes while the backend works on it; 0: never. */
  busyIntervalMs?: number;
  /** Milliseconds between refreshes otherwise (approvals, others' changes). */
  idleIntervalMs?: number;
}

function isBusy(details: InstanceRequestDetails) {
  return (
    isInFlight(details.state) ||
    details.bindings.some(b => b.state === 'pending' || b.state === 'unbinding')
  );
}

/**
 * One instance at `/instances/:id`: its state, how to connect (no
 * secrets), its bindings, its history, and deprovisioning. Refreshes
 * quickly while the backend works on it and slowly otherwise.
 */
export function InstancePage({
  busyIntervalMs = 2000,
  idleIntervalMs = 15000,
}: InstancePageProps) {
  const { id = '' } = useParams();
  const [busy, setBusy] = useState(true);
  const { value, loading, error, retry } = useRequestDetails(
    id,
    busy ? busyIntervalMs : idleIntervalMs,
  );
  const nowBusy = value ? isBusy(value) : true;
  useEffect(() => setBusy(nowBusy), [nowBusy]);

  if (!value) {
    let body = null;
    if (loading) body = <Progress />;
    else if (ResponseError.is(error) && error.statusCode === 404) {
      body = (
        <EmptyState
          missing="data"
          title="No such instance"
          description={`The marketplace has no instance ${id}.`}
        />
      );
    } else if (error) body = <ResponseErrorPanel error={error} />;
    return <SubPageLayout title="Instance">{body}</SubPageLayout>;
  }

  const liveBindings = value.bindings.filter(b => b.state !== 'deleted');
  return (
    <SubPageLayout
      title={value.name}
      subtitle={`${value.offeringId} / ${value.planId} for ${value.system}`}
      actions={
        <DeprovisionButton
          request={value}
          liveBindings={liveBindings.length}
          onDone={retry}
        />
      }
    >
      <Grid container spacing={3}>
        {error && (
          <Grid item xs={12}>
            <ResponseErrorPanel
              title="Could not refresh the instance"
              error={error}
            />
          </Grid>
        )}
        <Grid item xs={12} md={6}>
          <InstanceSummary request={value} />
        </Grid>
        <Grid item xs={12} md={6}>
          <ConnectionDetails request={value} bindings={value.bindings} />
        </Grid>
        <Grid item xs={12}>
          <BindingsCard
            request={value}
            bindings={value.bindings}
            onChanged={retry}
          />
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="History" noPadding>
            <InstanceHistory
              name={value.name}
              events={value.history}
              bindings={value.bindings}
            />
          </InfoCard>
        </Grid>
      </Grid>
    </SubPageLayout>
  );
}
