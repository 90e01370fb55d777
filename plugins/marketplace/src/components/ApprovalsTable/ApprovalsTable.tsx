import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { formatSize } from '../../lib/format';
import { instanceRouteRef } from '../../routes';
import { Timestamp } from '../Timestamp';

/** Props of {@link ApprovalsTable}. */
export interface ApprovalsTableProps {
  requests: InstanceRequest[];
  /** The signed-in user: nobody decides their own request. */
  userRef?: string;
  onDecide: (request: InstanceRequest, decision: 'approve' | 'reject') => void;
}

/** Requests waiting for a decision, oldest first. */
export function ApprovalsTable({
  requests,
  userRef,
  onDecide,
}: ApprovalsTableProps) {
  const instanceRoute = useRouteRef(instanceRouteRef);
  const sorted = [...requests].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  return (
    <Table aria-label="Requests awaiting approval">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Middleware</TableCell>
          <TableCell>Application</TableCell>
          <TableCell>Team</TableCell>
          <TableCell>Requested by</TableCell>
          <TableCell>Waiting since</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map(request => {
          const own =
            userRef !== undefined &&
            request.createdBy.toLowerCase() === userRef.toLowerCase();
          return (
            <TableRow key={request.id}>
              <TableCell>
                <Link to={instanceRoute({ id: request.id })}>
                  {request.name}
                </Link>
              </TableCell>
              <TableCell>
                {request.offeringId} / {request.planId} (
                {formatSize(request.sizeGb)})
              </TableCell>
              <TableCell>
                <EntityRefLink entityRef={request.system} />
              </TableCell>
              <TableCell>
                <EntityRefLink entityRef={request.team} />
              </TableCell>
              <TableCell>{request.createdBy}</TableCell>
              <TableCell>
                <Timestamp iso={request.createdAt} />
              </TableCell>
              <TableCell align="right">
                {own ? (
                  'Your request: someone else decides'
                ) : (
                  <>
                    <Button
                      color="primary"
                      aria-label={`Approve ${request.name}`}
                      onClick={() => onDecide(request, 'approve')}
                    >
                      Approve
                    </Button>
                    <Button
                      aria-label={`Reject ${request.name}`}
                      onClick={() => onDecide(request, 'reject')}
                    >
                      Reject
                    </Button>
                  </>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
