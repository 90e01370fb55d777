import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  InstanceBinding,
  InstanceRequest,
} from '@paasport/plugin-marketplace-common';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Fragment, useState } from 'react';
import { instanceRouteRef } from '../../routes';
import { BindingList } from '../BindingList';
import { HistoryPanel } from '../HistoryPanel';
import { StateLabel } from '../StateLabel';
import { Timestamp } from '../Timestamp';

/** Props of {@link InstancesTable}. */
export interface InstancesTableProps {
  title: string;
  /** Instances; those with `bindings` get a Credentials column. */
  requests: Array<InstanceRequest & { bindings?: InstanceBinding[] }>;
  /** Hide the application column where the page is about one application. */
  showApplication?: boolean;
  /** Refresh interval of an opened history, ms; 0 turns it off. */
  intervalMs: number;
}

/**
 * Instances with their live state; each row opens its history, and the name
 * leads to the instance's page.
 */
export function InstancesTable(props: InstancesTableProps) {
  const { title, requests, showApplication = true, intervalMs } = props;
  const instanceRoute = useRouteRef(instanceRouteRef);
  const [open, setOpen] = useState<string>();
  const showBindings = requests.some(r => r.bindings !== undefined);
  const columns = 5 + (showApplication ? 1 : 0) + (showBindings ? 1 : 0);
  return (
    <Table aria-label={title}>
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" />
          <TableCell>Name</TableCell>
          <TableCell>Middleware</TableCell>
          {showApplication && <TableCell>Application</TableCell>}
          <TableCell>State</TableCell>
          {showBindings && <TableCell>Credentials</TableCell>}
          <TableCell>Requested</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {requests.map(request => {
          const expanded = open === request.id;
          return (
            <Fragment key={request.id}>
              <TableRow>
                <TableCell padding="checkbox">
                  <IconButton
                    size="small"
                    aria-label={`History of ${request.name}`}
                    aria-expanded={expanded}
                    onClick={() => setOpen(expanded ? undefined : request.id)}
                  >
                    {expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                  </IconButton>
                </TableCell>
                <TableCell>
                  <Link to={instanceRoute({ id: request.id })}>
                    {request.name}
                  </Link>
                </TableCell>
                <TableCell>
                  {request.offeringId} / {request.planId}
                </TableCell>
                {showApplication && (
                  <TableCell>
                    <EntityRefLink entityRef={request.system} />
                  </TableCell>
                )}
                <TableCell>
                  <StateLabel state={request.state} />
                  {request.lastError && (
                    <Typography variant="caption" color="error" component="div">
                      {request.lastError}
                    </Typography>
                  )}
                </TableCell>
                {showBindings && (
                  <TableCell>
                    <BindingList bindings={request.bindings ?? []} />
                  </TableCell>
                )}
                <TableCell>
                  <Timestamp iso={request.createdAt} />
                  <Typography variant="caption" component="div">
                    by {request.createdBy}
                  </Typography>
                </TableCell>
              </TableRow>
              {expanded && (
                <TableRow>
                  <TableCell colSpan={columns}>
                    <Collapse in>
                      <HistoryPanel
                        id={request.id}
                        name={request.name}
                        intervalMs={intervalMs}
                      />
                    </Collapse>
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}
