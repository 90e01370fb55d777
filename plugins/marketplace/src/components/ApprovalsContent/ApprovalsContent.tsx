import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApprovals } from '../../hooks/useApprovals';
import { ApprovalsTable } from '../ApprovalsTable';
import { DecisionDialog } from '../DecisionDialog';

/** Props of {@link ApprovalsContent}. */
export interface ApprovalsContentProps {
  /** Milliseconds between refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
}

/**
 * The approvals queue: requests for plans that need approval which the
 * signed-in user may decide (as a platform approver, or as an approver the
 * team named on its Group), with approve and reject.
 */
export function ApprovalsContent({
  refreshIntervalMs = 15000,
}: ApprovalsContentProps) {
  const alertApi = useApi(alertApiRef);
  const identityApi = useApi(identityApiRef);
  const user = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  const { value, loading, error, retry } = useApprovals(refreshIntervalMs);
  const [deciding, setDeciding] = useState<{
    request: InstanceRequest;
    decision: 'approve' | 'reject';
  }>();

  let body;
  if (!value && loading) body = <Progress />;
  else if (!value) body = error ? <ResponseErrorPanel error={error} /> : null;
  else if (!value.length) {
    body = (
      <EmptyState
        missing="content"
        title="Nothing awaits your decision"
        description="Requests for plans that need approval appear here for platform approvers and for the approvers a team names on its Group."
      />
    );
  } else {
    body = (
      <>
        {error && (
          <ResponseErrorPanel
            title="Could not refresh the queue"
            error={error}
          />
        )}
        <ApprovalsTable
          requests={value}
          userRef={user.value}
          onDecide={(request, decision) => setDeciding({ request, decision })}
        />
      </>
    );
  }
  return (
    <InfoCard title="Awaiting your decision" noPadding>
      {body}
      {deciding && (
        <DecisionDialog
          request={deciding.request}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDecided={decided => {
            setDeciding(undefined);
            alertApi.post({
              message: `${decided.name}: ${
                decided.state === 'rejected' ? 'rejected' : 'approved'
              }`,
              severity: 'success',
              display: 'transient',
            });
            retry();
          }}
        />
      )}
    </InfoCard>
  );
}
