import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import Alert from '@material-ui/lab/Alert';
import { formatSize } from '../../lib/format';
import { StateLabel } from '../StateLabel';
import { Timestamp } from '../Timestamp';

/** What an instance is, whose it is, and how it is doing. */
export function InstanceSummary({ request }: { request: InstanceRequest }) {
  const metadata: Record<string, unknown> = {
    State: <StateLabel state={request.state} />,
    Middleware: `${request.offeringId} / ${request.planId}`,
    Size: formatSize(request.sizeGb),
    Application: <EntityRefLink entityRef={request.system} />,
    ...(request.component
      ? { Component: <EntityRefLink entityRef={request.component} /> }
      : {}),
    Team: <EntityRefLink entityRef={request.team} />,
    Namespace: request.namespace,
    ...(request.cluster ? { Cluster: request.cluster } : {}),
    'Requested by': request.createdBy,
    Requested: <Timestamp iso={request.createdAt} />,
    'Last change': <Timestamp iso={request.updatedAt} />,
  };
  if (request.decidedBy) {
    metadata['Decided by'] = request.decidedBy;
    if (request.decisionReason) metadata.Reason = request.decisionReason;
  }
  if (Object.keys(request.parameters).length) {
    metadata.Parameters = request.parameters;
  }
  return (
    <InfoCard title="Instance">
      {request.lastError && (
        <Alert severity={request.state === 'failed' ? 'error' : 'warning'}>
          {request.state === 'failed' ? 'Failed: ' : 'Retrying after: '}
          {request.lastError}
        </Alert>
      )}
      {/* Keys are written as shown; start-casing would make "Requested By". */}
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: (key: string) => key }}
      />
    </InfoCard>
  );
}
